import { SimHttpError } from '@steward/sdk/simulator';
import { snError } from './errors.js';

/** The part of ServiceNow's encoded query language the simulator speaks: `=`, `!=`, `^`, ORDERBY[DESC]. */
export interface EncodedQuery {
  filters: Array<{ field: string; op: '=' | '!='; value: string }>;
  order: Array<{ field: string; desc: boolean }>;
}

const unsupported = (term: string) =>
  new SimHttpError(snError(400, 'Invalid query', `The simulator does not support the query term "${term}"`));

export function parseEncodedQuery(raw: string | null): EncodedQuery {
  const query: EncodedQuery = { filters: [], order: [] };
  for (const term of (raw ?? '').split('^')) {
    if (term === '') continue;
    if (term.startsWith('ORDERBYDESC')) query.order.push({ field: term.slice(11), desc: true });
    else if (term.startsWith('ORDERBY')) query.order.push({ field: term.slice(7), desc: false });
    else if (term.startsWith('OR') || term.startsWith('NQ')) throw unsupported(term);
    else {
      const m = /^([a-z_][a-z0-9_.]*)(!=|=)(.*)$/.exec(term);
      if (!m) throw unsupported(term);
      query.filters.push({ field: m[1] ?? '', op: m[2] === '!=' ? '!=' : '=', value: m[3] ?? '' });
    }
  }
  return query;
}

/**
 * Rows matching every filter, ordered. Like an instance with glide.invalid_query.returns_no_rows off
 * (its default), a term naming a field the table does not have is ignored rather than refused.
 */
export function runQuery<R extends Record<string, string>>(
  rows: readonly R[],
  query: EncodedQuery,
  known: ReadonlySet<string>,
): R[] {
  const filters = query.filters.filter((f) => known.has(f.field));
  const selected = rows.filter((row) =>
    filters.every((f) => ((row[f.field] ?? '') === f.value) === (f.op === '=')),
  );
  const order = query.order.filter((o) => known.has(o.field));
  return selected.sort((a, b) => {
    for (const o of order) {
      const x = a[o.field] ?? '';
      const y = b[o.field] ?? '';
      const cmp = x < y ? -1 : x > y ? 1 : 0;
      if (cmp !== 0) return o.desc ? -cmp : cmp;
    }
    return 0;
  });
}
