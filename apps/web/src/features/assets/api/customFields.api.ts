import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { CustomField } from '../../../api/records.js';

const EMPTY: CustomField[] = [];

/** The tenant's custom asset fields (cf_…), for columns, filters and the asset page. */
export function useCustomFields() {
  const q = useQuery({
    queryKey: ['custom-fields', 'asset'],
    queryFn: () =>
      api
        .get<{ items: CustomField[] }>('/api/v1/custom-fields', { entityType: 'asset' })
        .then((r) => r.items),
    staleTime: 5 * 60_000,
  });
  return { ...q, fields: q.data ?? EMPTY };
}
