import type { z } from 'zod';
import { errors } from '@steward/domain';
import { assetQuerySchema, type AssetQuery, type assetListQuerystring } from './asset.query.schemas.js';

export type AssetQuerystring = Partial<z.infer<typeof assetListQuerystring>>;

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
 * The query-string form of an asset query (GET /api/v1/assets, the CSV export) as its JSON form,
 * validated by the same schema: `filter` is a JSON array, `sort` a field with - for descending
 * (default -updatedAt), `fields` comma-separated. Errors name the query parameter.
 */
export function queryFromQuerystring(qs: AssetQuerystring): AssetQuery {
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
    ...(qs.limit !== undefined ? { limit: qs.limit } : {}),
    ...(qs.cursor ? { cursor: qs.cursor } : {}),
    ...(qs.count !== undefined ? { count: qs.count === 'true' } : {}),
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
  return parsed.data;
}
