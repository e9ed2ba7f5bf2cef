import { errors } from '@steward/domain';
import { assetQuerySchema } from '../assets/index.js';
import type { ExportQueryBody, ExportQuerystring } from './asset-csv.schemas.js';

/** Where a problem in the JSON form of the query sits in the query string the caller sent. */
function querystringPath(path: PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  if (head === 'filters') {
    const [index, ...inner] = rest;
    return `query.filter${index !== undefined ? `[${index}]` : ''}${inner.map((p) => `.${p}`).join('')}`;
  }
  if (head === 'search') return 'query.q';
  return `query.${head ?? ''}`;
}

/**
 * The query-string form of an asset query (as GET /api/v1/assets takes it) in its JSON form, validated by
 * the assets feature's own query schema: `filter` is a JSON array, `sort` a field with - for descending
 * (default -updatedAt), `fields` comma-separated.
 */
export function exportQueryFromQuerystring(qs: ExportQuerystring): ExportQueryBody {
  let filters: unknown = [];
  if (qs.filter) {
    try {
      filters = JSON.parse(qs.filter);
    } catch {
      throw errors.validation('filter is not valid JSON.', [
        { path: 'query.filter', reason: 'must be a JSON array of {field, op, value}' },
      ]);
    }
  }
  const desc = qs.sort?.startsWith('-') ?? true;
  const parsed = assetQuerySchema.safeParse({
    ...(qs.kind ? { kind: qs.kind } : {}),
    filters,
    ...(qs.q ? { search: qs.q } : {}),
    sort: { field: qs.sort ? qs.sort.replace(/^-/, '') : 'updatedAt', direction: desc ? 'desc' : 'asc' },
    ...(qs.fields
      ? {
          fields: qs.fields
            .split(',')
            .map((f) => f.trim())
            .filter(Boolean),
        }
      : {}),
  });
  if (!parsed.success) {
    throw errors.validation(
      'The query is invalid.',
      parsed.error.issues.map((i) => ({ path: querystringPath(i.path), reason: i.message })),
    );
  }
  const { limit: _limit, count: _count, cursor: _cursor, ...query } = parsed.data;
  return query;
}
