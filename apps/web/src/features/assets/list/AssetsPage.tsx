import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useNavigate } from 'react-router-dom';
import { roleAtLeast } from '../../../api/types.js';
import { ErrorAlert } from '../../../ui/ErrorAlert.js';
import { formatCount } from '../../../ui/format.js';
import { useSession } from '../../auth/index.js';
import { useAssetSearch } from '../api/assets.api.js';
import { useCustomFields } from '../api/customFields.api.js';
import { BulkBar } from '../bulk/BulkBar.js';
import { BulkModal } from '../bulk/BulkModal.js';
import type { BulkActionKind } from '../bulk/bulkTypes.js';
import { ExportButton } from '../csv/ExportButton.js';
import { ImportModal } from '../csv/ImportModal.js';
import { SavedViewsMenu } from '../views/SavedViewsMenu.js';
import { AssetsEmpty } from './AssetsEmpty.js';
import { AssetsStatus } from './AssetsStatus.js';
import { AssetsTable } from './AssetsTable.js';
import { ColumnChooser } from './ColumnChooser.js';
import { FilterPills } from './FilterPills.js';
import { FiltersBar } from './FiltersBar.js';
import { hasFilters, toQuery } from './listState.js';
import { useListState } from './useListState.js';
import { useSelection } from './useSelection.js';

const NO_FILTERS = { lifecycleStates: [], deviceTypes: [], osName: '', search: '', filters: [] };

export function AssetsPage() {
  const navigate = useNavigate();
  const session = useSession();
  const list = useListState();
  const { state, update } = list;
  const custom = useCustomFields();
  const query = useMemo(() => toQuery(state), [state]);
  const queryKey = JSON.stringify(query);
  const search = useAssetSearch(query);
  const rows = useMemo(() => search.data?.pages.flatMap((p) => p.items) ?? [], [search.data]);
  const total = search.data?.pages[0]?.total;
  const selection = useSelection(rows);
  const [bulk, setBulk] = useState<BulkActionKind | null>(null);
  const [importing, setImporting] = useState(false);

  const { clear } = selection;
  useEffect(() => clear(), [queryKey, clear]);

  const names = useMemo(
    () => new Map(rows.map((r) => [r.id, r.name ?? r.assetTag ?? r.serialNumber ?? r.id])),
    [rows],
  );
  const targets = useMemo(
    () => [...selection.ids].map((id) => ({ id, name: String(names.get(id) ?? id) })),
    [selection.ids, names],
  );

  const { fetchNextPage } = search;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  const open = useCallback((id: string) => void navigate(`/assets/${encodeURIComponent(id)}`), [navigate]);
  const clearFilters = () => update(NO_FILTERS);
  const updating =
    search.isPlaceholderData || (search.isFetching && !search.isFetchingNextPage && !search.isPending);

  return (
    <Stack gap="sm" data-testid="assets-page">
      <Group justify="space-between" align="center">
        <Group gap="sm" align="baseline">
          <Title order={2}>Assets</Title>
          {total !== undefined && (
            <Text c="dimmed" data-testid="assets-total" data-total={total}>
              {formatCount(total)} {total === 1 ? 'asset' : 'assets'}
            </Text>
          )}
          {updating && <Loader size="xs" data-testid="assets-updating" />}
        </Group>
        <Group gap="xs">
          <ExportButton state={state} />
          {roleAtLeast(session.role, 'operator') && (
            <Button variant="default" onClick={() => setImporting(true)} data-testid="assets-import">
              Import CSV
            </Button>
          )}
          <SavedViewsMenu
            state={state}
            viewId={list.viewId}
            onApply={list.applyView}
            onReset={list.reset}
            onSaved={list.setViewId}
          />
          <ColumnChooser
            columns={state.columns}
            customFields={custom.fields}
            onChange={(columns) => update({ columns })}
          />
        </Group>
      </Group>
      <FiltersBar state={state} customFields={custom.fields} onChange={update} onClear={clearFilters} />
      <FilterPills
        filters={state.filters}
        customFields={custom.fields}
        onChange={(filters) => update({ filters })}
      />
      <BulkBar count={selection.ids.size} onAction={setBulk} onClear={selection.clear} />
      {search.error && !search.isFetchNextPageError && (
        <ErrorAlert error={search.error} title="Could not load assets" testId="assets-error" />
      )}
      {search.error && (
        <Group>
          <Button
            variant="default"
            size="xs"
            onClick={() => void (search.isFetchNextPageError ? search.fetchNextPage() : search.refetch())}
            data-testid="assets-retry"
          >
            Try again
          </Button>
        </Group>
      )}
      {search.isPending && !search.error && (
        <Center p="xl" data-testid="assets-loading">
          <Loader aria-label="Loading assets" />
        </Center>
      )}
      {search.data && rows.length === 0 && !search.isPlaceholderData && (
        <AssetsEmpty filtered={hasFilters(state)} onClear={clearFilters} />
      )}
      {rows.length > 0 && (
        <AssetsTable
          rows={rows}
          columns={state.columns}
          customFields={custom.fields}
          sort={state.sort}
          onSortChange={(sort) => update({ sort })}
          selection={selection}
          hasNextPage={search.hasNextPage && !search.isFetchNextPageError}
          isFetchingNextPage={search.isFetchingNextPage}
          onLoadMore={loadMore}
          onOpen={open}
          queryKey={queryKey}
        />
      )}
      {search.isFetchNextPageError && (
        <ErrorAlert error={search.error} title="Could not load more assets" testId="assets-more-error" />
      )}
      {rows.length > 0 && (
        <AssetsStatus
          loaded={rows.length}
          total={total}
          loadingMore={search.isFetchingNextPage}
          hasMore={search.hasNextPage}
        />
      )}
      <ImportModal opened={importing} onClose={() => setImporting(false)} />
      <BulkModal
        action={bulk}
        targets={targets}
        onClose={(failed) => {
          setBulk(null);
          if (failed) selection.replace(failed);
        }}
      />
    </Stack>
  );
}
