import { toQuery, type ListState } from '../list/listState.js';

export const EXPORT_PATH = '/api/v1/assets/export.csv';

/**
 * The CSV export of what the Assets page shows: its filters, search and sort in the query-string form of
 * GET /api/v1/assets, and exactly its columns, in order.
 */
export function exportUrl(state: ListState): string {
  const q = toQuery(state);
  const params = new URLSearchParams();
  if (q.filters.length > 0) params.set('filter', JSON.stringify(q.filters));
  if (q.search) params.set('q', q.search);
  params.set('sort', `${q.sort.direction === 'desc' ? '-' : ''}${q.sort.field}`);
  params.set('fields', state.columns.join(','));
  return `${EXPORT_PATH}?${params.toString()}`;
}
