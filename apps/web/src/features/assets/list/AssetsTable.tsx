import { useCallback, useEffect, useMemo, useRef } from 'react';
import { Table } from '@mantine/core';
import { useTable, type SortingState, type Updater } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Asset, AssetSort, CustomField } from '../../../api/records.js';
import { AssetHeaderRow } from './AssetHeaderRow.js';
import { AssetRow } from './AssetRow.js';
import { buildColumns, tableFeaturesUsed } from './columns.js';
import type { Selection } from './useSelection.js';
import { CHECK_WIDTH, ROW_HEIGHT } from './tableLayout.js';

/** Start fetching the next page while this many loaded rows are still below the viewport. */
const PREFETCH_ROWS = 40;

export interface AssetsTableProps {
  rows: Asset[];
  columns: string[];
  customFields: readonly CustomField[];
  sort: AssetSort;
  onSortChange: (sort: AssetSort) => void;
  selection: Selection;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  onLoadMore: () => void;
  onOpen: (id: string) => void;
  /** Changes whenever the question changes; the table then scrolls back to the top. */
  queryKey: string;
}

/**
 * The Assets grid: TanStack Table for columns and (server-side) sorting, TanStack Virtual for rows. Only
 * the rows in view are in the DOM, however many pages have loaded; nearing the end loads the next page.
 */
export function AssetsTable(props: AssetsTableProps) {
  const { rows, sort, onSortChange, hasNextPage, isFetchingNextPage, onLoadMore, selection } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const columns = useMemo(
    () => buildColumns(props.columns, props.customFields),
    [props.columns, props.customFields],
  );
  const sorting = useMemo<SortingState>(() => [{ id: sort.field, desc: sort.direction === 'desc' }], [sort]);
  const onSortingChange = useCallback(
    (updater: Updater<SortingState>) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const first = next[0];
      if (first) onSortChange({ field: first.id, direction: first.desc ? 'desc' : 'asc' });
    },
    [sorting, onSortChange],
  );

  const table = useTable({
    features: tableFeaturesUsed,
    columns,
    data: rows,
    getRowId: (r: Asset) => r.id,
    state: { sorting },
    onSortingChange,
    manualSorting: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    sortDescFirst: false,
  });
  const tableRows = table.getRowModel().rows;

  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= tableRows.length - PREFETCH_ROWS) onLoadMore();
  }, [lastIndex, tableRows.length, hasNextPage, isFetchingNextPage, onLoadMore]);

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [props.queryKey]);

  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const width = CHECK_WIDTH + headers.reduce((sum, h) => sum + h.getSize(), 0);
  const selectedLoaded = rows.reduce((n, r) => n + (selection.ids.has(r.id) ? 1 : 0), 0);

  return (
    <div
      ref={scrollRef}
      data-testid="assets-scroll"
      style={{
        overflow: 'auto',
        position: 'relative',
        height: 'max(360px, calc(100dvh - 265px))',
        border: '1px solid var(--mantine-color-default-border)',
        borderRadius: 'var(--mantine-radius-md)',
      }}
    >
      <Table
        highlightOnHover
        data-testid="assets-table"
        aria-rowcount={rows.length + 1}
        style={{ display: 'grid', width: '100%', minWidth: width }}
      >
        <Table.Thead
          style={{
            display: 'grid',
            position: 'sticky',
            top: 0,
            zIndex: 1,
            background: 'var(--mantine-color-body)',
          }}
        >
          <AssetHeaderRow
            headers={headers}
            allSelected={rows.length > 0 && selectedLoaded === rows.length}
            someSelected={selectedLoaded > 0}
            onToggleAll={selection.toggleAll}
          />
        </Table.Thead>
        <Table.Tbody style={{ display: 'grid', position: 'relative', height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = tableRows[item.index];
            if (!row) return null;
            return (
              <AssetRow
                key={row.id}
                row={row}
                index={item.index}
                start={item.start}
                selected={selection.ids.has(row.id)}
                onToggle={selection.toggle}
                onOpen={props.onOpen}
              />
            );
          })}
        </Table.Tbody>
      </Table>
    </div>
  );
}
