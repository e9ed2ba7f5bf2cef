import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { PoStatus, PurchaseOrder, PurchaseOrderSummary, ReceiveResult } from '../../api/purchasing.js';
import type { AssetPage } from '../../api/records.js';
import type { Page } from '../../api/types.js';

export const PURCHASING_KEY = ['purchase-orders'] as const;
const PAGE_SIZE = 50;

export interface OrderFilters {
  status: PoStatus | '';
  vendor: string;
}

export function orderPath(id: string): string {
  return `/api/v1/purchase-orders/${encodeURIComponent(id)}`;
}

/** Newest first, a page at a time (keyset paging by cursor). */
export function usePurchaseOrders(filters: OrderFilters) {
  return useInfiniteQuery({
    queryKey: [...PURCHASING_KEY, 'list', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.get<Page<PurchaseOrderSummary>>('/api/v1/purchase-orders', {
        status: filters.status || undefined,
        vendor: filters.vendor.trim() || undefined,
        limit: PAGE_SIZE,
        cursor: pageParam,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function usePurchaseOrder(id: string) {
  return useQuery({
    queryKey: [...PURCHASING_KEY, 'one', id],
    queryFn: () => api.get<PurchaseOrder>(orderPath(id)),
  });
}

const UNIT_FIELDS = ['name', 'assetTag', 'serialNumber', 'lifecycleState', 'poNumber', 'vendor'];
/** The most units the order page describes in one request (the search's own limit). */
export const UNITS_SHOWN = 1000;

/**
 * The order's units with their serials and states: every asset carrying the PO number (the page keeps
 * only the ones the order lists). Keyed under "assets" so receiving and asset changes refresh it.
 */
export function useOrderUnits(order: PurchaseOrder | undefined) {
  return useQuery({
    queryKey: ['assets', 'of-order', order?.id],
    enabled: order !== undefined,
    queryFn: () =>
      api
        .post<AssetPage>('/api/v1/assets/search', {
          filters: [
            { field: 'poNumber', op: 'eq', value: order!.poNumber },
            { field: 'vendor', op: 'eq', value: order!.vendor },
          ],
          sort: { field: 'createdAt', direction: 'asc' },
          limit: UNITS_SHOWN,
          fields: UNIT_FIELDS,
        })
        .then((r) => new Map(r.items.map((a) => [a.id, a]))),
    placeholderData: keepPreviousData,
  });
}

/** After receiving: the order pages, the lists and every asset view are out of date. */
function useAfterReceive() {
  const queryClient = useQueryClient();
  return async (order?: PurchaseOrder) => {
    if (order) queryClient.setQueryData([...PURCHASING_KEY, 'one', order.id], order);
    await Promise.all([
      queryClient.invalidateQueries({
        queryKey: PURCHASING_KEY,
        predicate: (q) => !(order && q.queryKey[1] === 'one' && q.queryKey[2] === order.id),
      }),
      queryClient.invalidateQueries({ queryKey: ['assets'] }),
    ]);
  };
}

/** Receives serials against one order; `lineNumber` says where new serials go when several lines await them. */
export function useReceive(orderId: string) {
  const after = useAfterReceive();
  return useMutation({
    mutationFn: (input: { serials: string[]; lineNumber?: number }) =>
      api.post<{ results: ReceiveResult[]; purchaseOrder: PurchaseOrder }>(
        `${orderPath(orderId)}/receive`,
        input,
      ),
    onSuccess: (r) => after(r.purchaseOrder),
  });
}

/** Receives at the dock: each serial finds its own order. */
export function useDockReceive() {
  const after = useAfterReceive();
  return useMutation({
    mutationFn: (serials: string[]) =>
      api.post<{ results: ReceiveResult[] }>('/api/v1/receiving', { serials }),
    onSuccess: () => after(),
  });
}
