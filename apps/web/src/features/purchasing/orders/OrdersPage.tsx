import { useState } from 'react';
import { Button, Center, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link } from 'react-router-dom';
import { PO_STATUSES, type PoStatus } from '../../../api/purchasing.js';
import { ErrorAlert } from '../../../ui/ErrorAlert.js';
import { PageState } from '../../../ui/PageState.js';
import { usePurchaseOrders, type OrderFilters } from '../purchasing.api.js';
import { OrdersTable } from './OrdersTable.js';
import { poStatusLabel } from './PoStatusBadge.js';

const STATUS_OPTIONS = [
  { value: '', label: 'Any status' },
  ...PO_STATUSES.map((s) => ({ value: s, label: poStatusLabel(s) })),
];

/** Purchase orders, newest first, as resellers posted them; open one to see its lines and receive it. */
export function OrdersPage() {
  const [filters, setFilters] = useState<OrderFilters>({ status: '', vendor: '' });
  const [debounced] = useDebouncedValue(filters, 300);
  const list = usePurchaseOrders(debounced);
  const orders = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = debounced.status !== '' || debounced.vendor.trim() !== '';

  return (
    <Stack data-testid="purchasing-page">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Purchasing</Title>
          <Text size="sm" c="dimmed">
            Orders posted by resellers, what has arrived, and receiving at the dock.
          </Text>
        </div>
        <Button component={Link} to="/purchasing/receiving" data-testid="open-receiving">
          Receiving
        </Button>
      </Group>
      <Group align="flex-end">
        <Select
          label="Status"
          data={STATUS_OPTIONS}
          value={filters.status}
          onChange={(v) => setFilters({ ...filters, status: (v ?? '') as PoStatus | '' })}
          allowDeselect={false}
          w={200}
          data-testid="po-filter-status"
        />
        <TextInput
          label="Vendor"
          placeholder="Exact name, e.g. CDW"
          value={filters.vendor}
          onChange={(e) => setFilters({ ...filters, vendor: e.currentTarget.value })}
          w={220}
          data-testid="po-filter-vendor"
        />
      </Group>
      <PageState isPending={list.isPending} error={list.data ? null : list.error} />
      {list.data && orders.length === 0 && (
        <Text c="dimmed" data-testid="po-empty">
          {filtered
            ? 'No order matches these filters.'
            : 'No purchase orders yet. Resellers post them with an API token (POST /api/v1/purchase-orders).'}
        </Text>
      )}
      {orders.length > 0 && <OrdersTable orders={orders} />}
      {list.isFetchNextPageError && <ErrorAlert error={list.error} title="Could not load more orders" />}
      {list.hasNextPage && (
        <Center>
          <Button
            variant="default"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
            data-testid="po-load-more"
          >
            Load more
          </Button>
        </Center>
      )}
    </Stack>
  );
}
