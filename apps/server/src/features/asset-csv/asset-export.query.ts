import { queryFromQuerystring } from '../assets/index.js';
import type { ExportQueryBody, ExportQuerystring } from './asset-csv.schemas.js';

/** The export takes the list's query string, without paging: the export walks every page itself. */
export function exportQueryFromQuerystring(qs: ExportQuerystring): ExportQueryBody {
  const { limit: _limit, count: _count, cursor: _cursor, ...query } = queryFromQuerystring(qs);
  return query;
}
