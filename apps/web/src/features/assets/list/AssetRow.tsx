import { memo } from 'react';
import { Checkbox, Table } from '@mantine/core';
import { FlexRender, type Row } from '@tanstack/react-table';
import type { Asset } from '../../../api/records.js';
import type { AssetTableFeatures } from './columns.js';
import { CHECK_WIDTH, cellStyle, ROW_HEIGHT } from './tableLayout.js';

export interface AssetRowProps {
  row: Row<AssetTableFeatures, Asset>;
  index: number;
  start: number;
  selected: boolean;
  onToggle: (index: number, shift: boolean) => void;
  onOpen: (id: string) => void;
}

/** One virtual row: absolutely positioned at its offset; memoised so scrolling re-renders only new rows. */
export const AssetRow = memo(function AssetRow({
  row,
  index,
  start,
  selected,
  onToggle,
  onOpen,
}: AssetRowProps) {
  const asset = row.original;
  return (
    <Table.Tr
      data-testid="asset-row"
      data-asset-id={asset.id}
      data-asset-name={asset.name ?? ''}
      data-index={index}
      aria-selected={selected}
      bg={selected ? 'var(--mantine-primary-color-light)' : undefined}
      onClick={() => onOpen(asset.id)}
      style={{
        display: 'flex',
        position: 'absolute',
        top: 0,
        left: 0,
        width: '100%',
        height: ROW_HEIGHT,
        transform: `translateY(${start}px)`,
        cursor: 'pointer',
      }}
    >
      <Table.Td style={cellStyle(CHECK_WIDTH)} onClick={(e) => e.stopPropagation()}>
        <Checkbox
          size="xs"
          checked={selected}
          onChange={() => undefined}
          onClick={(e) => onToggle(index, e.shiftKey)}
          aria-label={`Select ${asset.name ?? asset.id}`}
          data-testid="row-select"
        />
      </Table.Td>
      {row.getAllCells().map((cell) => (
        <Table.Td key={cell.id} style={cellStyle(cell.column.getSize())} data-column={cell.column.id}>
          <FlexRender cell={cell} />
        </Table.Td>
      ))}
    </Table.Tr>
  );
});
