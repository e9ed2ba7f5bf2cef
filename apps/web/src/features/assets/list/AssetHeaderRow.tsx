import { Checkbox, Group, Table, Text, UnstyledButton } from '@mantine/core';
import { FlexRender, type Header } from '@tanstack/react-table';
import type { Asset } from '../../../api/records.js';
import type { AssetTableFeatures } from './columns.js';
import { CHECK_WIDTH, cellStyle } from './tableLayout.js';

export interface AssetHeaderRowProps {
  headers: Header<AssetTableFeatures, Asset, unknown>[];
  allSelected: boolean;
  someSelected: boolean;
  onToggleAll: () => void;
}

function SortArrow({ dir }: { dir: false | 'asc' | 'desc' }) {
  if (!dir) return null;
  return (
    <Text span size="xs" aria-hidden>
      {dir === 'asc' ? '▲' : '▼'}
    </Text>
  );
}

export function AssetHeaderRow({ headers, allSelected, someSelected, onToggleAll }: AssetHeaderRowProps) {
  return (
    <Table.Tr style={{ display: 'flex', width: '100%' }}>
      <Table.Th style={cellStyle(CHECK_WIDTH)}>
        <Checkbox
          size="xs"
          checked={allSelected}
          indeterminate={someSelected && !allSelected}
          onChange={onToggleAll}
          aria-label="Select all loaded rows"
          data-testid="select-all"
        />
      </Table.Th>
      {headers.map((header) => {
        const sorted = header.column.getIsSorted();
        const canSort = header.column.getCanSort();
        return (
          <Table.Th
            key={header.id}
            style={cellStyle(header.getSize())}
            aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
            data-testid={`column-header-${header.column.id}`}
          >
            {canSort ? (
              <UnstyledButton
                onClick={header.column.getToggleSortingHandler()}
                data-testid={`sort-${header.column.id}`}
                title="Sort by this column"
                fw={600}
                fz="sm"
              >
                <Group gap={4} wrap="nowrap">
                  <FlexRender header={header} />
                  <SortArrow dir={sorted} />
                </Group>
              </UnstyledButton>
            ) : (
              <FlexRender header={header} />
            )}
          </Table.Th>
        );
      })}
    </Table.Tr>
  );
}
