// What the Assets page shows: quick filters, "more filters", search, sort and columns. It turns into the
// search body sent to the server, and into (and back from) a saved view's query.
import { ATTRIBUTE_BY_KEY } from '../../../api/attributes.js';
import { isLifecycleState, type LifecycleState } from '../../../api/lifecycle.js';
import type { AssetFilter, AssetQuery, AssetSort, SavedView } from '../../../api/records.js';
import type { ViewQuery } from '../api/views.api.js';

export interface ListState {
  lifecycleStates: LifecycleState[];
  deviceTypes: string[];
  /** Exact OS name; empty for any. */
  osName: string;
  search: string;
  /** "More filters": any attribute with an operator and a value. */
  filters: AssetFilter[];
  sort: AssetSort;
  columns: string[];
}

/** Rows per request: a few screens' worth, so scrolling rarely waits and nothing fetches everything. */
export const PAGE_SIZE = 100;
export const DEFAULT_COLUMNS = [
  'name',
  'assetTag',
  'serialNumber',
  'deviceType',
  'model',
  'osName',
  'lifecycleState',
  'assignedPersonId',
];
export const DEFAULT_SORT: AssetSort = { field: 'name', direction: 'asc' };

export function defaultState(columns: string[] = DEFAULT_COLUMNS): ListState {
  return {
    lifecycleStates: [],
    deviceTypes: [],
    osName: '',
    search: '',
    filters: [],
    sort: DEFAULT_SORT,
    columns,
  };
}

function quickFilters(s: ListState): AssetFilter[] {
  const out: AssetFilter[] = [];
  if (s.lifecycleStates.length > 0) out.push({ field: 'lifecycleState', op: 'in', value: s.lifecycleStates });
  if (s.deviceTypes.length > 0) out.push({ field: 'deviceType', op: 'in', value: s.deviceTypes });
  if (s.osName.trim()) out.push({ field: 'osName', op: 'eq', value: s.osName.trim() });
  return out;
}

/** The search body, without cursor and count (the query hook adds those). */
export function toQuery(s: ListState): Omit<AssetQuery, 'cursor' | 'count'> {
  const search = s.search.trim();
  return {
    filters: [...quickFilters(s), ...s.filters],
    ...(search ? { search } : {}),
    sort: s.sort,
    limit: PAGE_SIZE,
    // Only what the columns show (plus the name, which bulk reports and links use).
    fields: [...new Set([...s.columns, 'name'])],
  };
}

/** What a saved view stores: the query without its cursor; `fields` are exactly the chosen columns. */
export function toViewQuery(s: ListState): ViewQuery {
  return { ...toQuery(s), fields: s.columns, count: true };
}

function asStrings(v: unknown): string[] | null {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return null;
}

/** The page state a saved view describes; filters the quick bar cannot show go to "more filters". */
export function fromViewQuery(q: SavedView['query'], fallbackColumns: string[] = DEFAULT_COLUMNS): ListState {
  const s = defaultState(q.fields && q.fields.length > 0 ? [...q.fields] : fallbackColumns);
  s.search = q.search ?? '';
  if (q.sort) s.sort = { ...q.sort };
  for (const f of q.filters ?? []) {
    const many = f.op === 'in' || f.op === 'eq' ? asStrings(f.value) : null;
    if (
      f.field === 'lifecycleState' &&
      many &&
      s.lifecycleStates.length === 0 &&
      many.every(isLifecycleState)
    ) {
      s.lifecycleStates = many as LifecycleState[];
    } else if (f.field === 'deviceType' && many && s.deviceTypes.length === 0) {
      s.deviceTypes = many;
    } else if (f.field === 'osName' && f.op === 'eq' && typeof f.value === 'string' && !s.osName) {
      s.osName = f.value;
    } else {
      s.filters.push({ ...f });
    }
  }
  return s;
}

export function hasFilters(s: ListState): boolean {
  return quickFilters(s).length > 0 || s.filters.length > 0 || s.search.trim() !== '';
}

/** Whether two states ask the same question (what a saved view would store). */
export function sameQuery(a: ListState, b: ListState): boolean {
  return JSON.stringify(toViewQuery(a)) === JSON.stringify(toViewQuery(b));
}

/** Reads a stored state back, trusting nothing about its shape. */
export function parseStoredState(raw: string | null): ListState | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<ListState>;
    if (!v || typeof v !== 'object' || !Array.isArray(v.columns) || !v.sort || !Array.isArray(v.filters))
      return null;
    const base = defaultState(v.columns.filter((c): c is string => typeof c === 'string'));
    return {
      ...base,
      lifecycleStates: (v.lifecycleStates ?? []).filter(isLifecycleState),
      deviceTypes: (v.deviceTypes ?? []).filter((t): t is string => typeof t === 'string'),
      osName: typeof v.osName === 'string' ? v.osName : '',
      search: typeof v.search === 'string' ? v.search : '',
      filters: v.filters,
      sort: v.sort,
    };
  } catch {
    return null;
  }
}

/** A column's header text: the attribute's label, a custom field's label, or the key. */
export function columnLabel(key: string, customLabels: ReadonlyMap<string, string>): string {
  return ATTRIBUTE_BY_KEY.get(key)?.label ?? customLabels.get(key) ?? META_LABELS[key] ?? key;
}

const META_LABELS: Record<string, string> = {
  tags: 'Tags',
  kind: 'Kind',
  createdAt: 'Created',
  updatedAt: 'Updated',
};
