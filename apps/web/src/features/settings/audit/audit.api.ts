import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { ActorType, AuditEvent, Page } from '../../../api/types.js';

export interface AuditFilters {
  action: string;
  actorType: ActorType | '';
}

const PAGE_SIZE = 50;

export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.get<Page<AuditEvent>>('/api/v1/audit', {
        action: filters.action.trim() || undefined,
        actorType: filters.actorType || undefined,
        limit: PAGE_SIZE,
        cursor: pageParam,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}
