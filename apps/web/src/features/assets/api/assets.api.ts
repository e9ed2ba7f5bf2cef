import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, request } from '../../../api/client.js';
import type {
  Asset,
  AssetCounts,
  AssetPage,
  AssetQuery,
  Assignment,
  Attachment,
} from '../../../api/records.js';
import type { AuditEvent, Page } from '../../../api/types.js';

/** Everything about assets lives under this key, so one invalidation refreshes lists, pages and counts. */
export const ASSETS_KEY = ['assets'] as const;

export function assetPath(id: string): string {
  return `/api/v1/assets/${encodeURIComponent(id)}`;
}

export const assetKeys = {
  search: (query: Omit<AssetQuery, 'cursor' | 'count'>) => [...ASSETS_KEY, 'search', query] as const,
  one: (id: string) => [...ASSETS_KEY, 'one', id] as const,
  timeline: (id: string) => [...ASSETS_KEY, 'timeline', id] as const,
  assignments: (id: string) => [...ASSETS_KEY, 'assignments', id] as const,
  attachments: (id: string) => [...ASSETS_KEY, 'attachments', id] as const,
  counts: () => [...ASSETS_KEY, 'counts'] as const,
};

/**
 * Keyset-paged asset search, a page at a time as the table scrolls. Only the first page asks for the
 * total (counting is the expensive part); later pages follow the cursor.
 */
export function useAssetSearch(query: Omit<AssetQuery, 'cursor' | 'count'>) {
  return useInfiniteQuery({
    queryKey: assetKeys.search(query),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      request<AssetPage>('/api/v1/assets/search', {
        method: 'POST',
        body: { ...query, count: pageParam === undefined, ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useAsset(id: string) {
  return useQuery({ queryKey: assetKeys.one(id), queryFn: () => api.get<Asset>(assetPath(id)) });
}

export function useAssetTimeline(id: string) {
  return useInfiniteQuery({
    queryKey: assetKeys.timeline(id),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.get<Page<AuditEvent>>(`${assetPath(id)}/timeline`, { limit: 50, cursor: pageParam }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useAssignments(id: string) {
  return useQuery({
    queryKey: assetKeys.assignments(id),
    queryFn: () => api.get<{ items: Assignment[] }>(`${assetPath(id)}/assignments`).then((r) => r.items),
  });
}

export function useAttachments(id: string) {
  return useQuery({
    queryKey: assetKeys.attachments(id),
    queryFn: () => api.get<{ items: Attachment[] }>(`${assetPath(id)}/attachments`).then((r) => r.items),
  });
}

export function useAssetCounts() {
  return useQuery({
    queryKey: assetKeys.counts(),
    queryFn: () => api.get<AssetCounts>('/api/v1/assets/counts'),
  });
}
