// Jamf Pro API query conventions: zero-based page and page-size, sections, `field:dir` sorts, RSQL filters.
import { intParam } from '@steward/sdk/simulator';
import { invalidField } from './errors.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 2000;

export function pageOf(query: URLSearchParams): { page: number; size: number } {
  const page = intParam(query, 'page', 0, { min: 0 });
  if (page === undefined) invalidField('page', 'page must be an integer');
  const size = intParam(query, 'page-size', DEFAULT_PAGE_SIZE, { min: 1, max: MAX_PAGE_SIZE });
  if (size === undefined) invalidField('page-size', 'page-size must be an integer');
  return { page, size };
}

/** `section` repeated or comma-joined (clients do both); GENERAL when absent. */
export function sectionsOf<S extends string>(query: URLSearchParams, valid: readonly S[]): Set<S> {
  const asked = query
    .getAll('section')
    .flatMap((s) => s.split(','))
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const sections = new Set<S>();
  for (const name of asked.length > 0 ? asked : ['GENERAL']) {
    if (!(valid as readonly string[]).includes(name)) invalidField('section', `Invalid section: ${name}`);
    sections.add(name as S);
  }
  return sections;
}

export type SortKeys<T> = Record<string, (item: T) => string | number | null>;

export interface SortRequest<T> {
  query: URLSearchParams;
  fallback: string;
  keys: SortKeys<T>;
  lookup: (id: string) => T;
  /** Live ids in ascending id order. */
  ids: readonly string[];
  /** The sort key that is the id order (`id`, `mobileDeviceId`): answered without sorting. */
  idField?: string;
  /** Keeps an order computed once until the collection changes. */
  cache: (key: string, compare: (a: string, b: string) => number) => readonly string[];
}

/** The ids ordered by `sort` (`general.name:asc,id:desc`, or repeated); unknown fields answer 400. */
export function sortIds<T>(req: SortRequest<T>): readonly string[] {
  const raw = req.query.getAll('sort').join(',') || req.fallback;
  const criteria = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const [field = '', dir = 'asc'] = part.split(':');
      const get = req.keys[field];
      if (!get || !/^(asc|desc)$/i.test(dir)) invalidField('sort', `Invalid sort criteria: ${part}`);
      return { field, get, sign: dir.toLowerCase() === 'desc' ? -1 : 1 };
    });
  const key = criteria.map((c) => `${c.field}:${c.sign}`).join(',');
  if (key === `${req.idField ?? 'id'}:1`) return req.ids;
  return req.cache(key, (a, b) => {
    const x = req.lookup(a);
    const y = req.lookup(b);
    for (const c of criteria) {
      const p = c.get(x) ?? '';
      const q = c.get(y) ?? '';
      if (p < q) return -c.sign;
      if (p > q) return c.sign;
    }
    return 0;
  });
}

/** `field=="value"` terms joined by `;` (and): the RSQL subset the simulator understands. */
export function filterTerms(query: URLSearchParams, fields: readonly string[]): Map<string, string> {
  const raw = query.get('filter')?.trim();
  const terms = new Map<string, string>();
  if (!raw) return terms;
  for (const term of raw.split(';')) {
    const m = /^\s*([\w.]+)\s*==\s*(?:"([^"]*)"|'([^']*)'|([^"';]*?))\s*$/.exec(term);
    if (!m || !fields.includes(m[1] ?? '')) invalidField('filter', `Invalid filter: ${term}`);
    terms.set(m[1] ?? '', m[2] ?? m[3] ?? m[4] ?? '');
  }
  return terms;
}

/** `{totalCount, results}` for one page; only that page's records are rendered. */
export function pageResponse(
  ids: readonly string[],
  page: number,
  size: number,
  render: (id: string) => unknown,
): { totalCount: number; results: unknown[] } {
  const slice = ids.slice(page * size, page * size + size);
  return { totalCount: ids.length, results: slice.map(render) };
}
