import { isRecord, type Json } from '../json.js';
import { HttpError } from './errors.js';
import { parseLinkHeader } from './link-header.js';
import type { HttpResponse, Transport } from './transport-types.js';
import type { Query } from './url.js';

export interface Page<C extends Json> {
  items: unknown[];
  /** Where to resume after this page (save it as the checkpoint); null once the last page is read. */
  next: C | null;
  response: HttpResponse;
}

export interface PagedRequest<C extends Json> {
  path: string;
  query?: Query;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** A cursor saved from an earlier walk: the walk resumes there. */
  start?: C | null;
}

/** The heart of every scheme: fetch a page for a cursor, yield it, follow `next` until null. */
export async function* paginate<C extends Json>(
  start: C | undefined,
  fetchPage: (cursor: C | undefined) => Promise<Page<C>>,
): AsyncGenerator<Page<C>> {
  let cursor = start;
  for (;;) {
    const page = await fetchPage(cursor);
    yield page;
    if (page.next === null) return;
    if (cursor !== undefined && JSON.stringify(page.next) === JSON.stringify(cursor)) {
      throw new HttpError({
        code: 'response_invalid',
        url: page.response.url,
        message: `Paging did not advance: ${page.response.url} pointed back to the same page.`,
      });
    }
    cursor = page.next;
  }
}

/** Jamf Pro: zero-based `page` and `page-size`, stop at `totalCount` or an empty page. */
export function pageNumberPages(
  http: Transport,
  req: PagedRequest<{ page: number }> & {
    pageSize?: number;
    firstPage?: number;
    pageParam?: string;
    sizeParam?: string;
    itemsAt?: string;
    totalAt?: string;
  },
): AsyncGenerator<Page<{ page: number }>> {
  const size = req.pageSize ?? 100;
  const first = req.firstPage ?? 0;
  return paginate(req.start ?? undefined, async (cursor) => {
    const page = cursor?.page ?? first;
    const query = { ...req.query, [req.pageParam ?? 'page']: page, [req.sizeParam ?? 'page-size']: size };
    const response = await get(http, req, req.path, query);
    const items = itemsOf(response, req.itemsAt ?? 'results');
    const total = numberAt(response.json, req.totalAt ?? 'totalCount');
    const done = items.length === 0 || (total !== undefined && (page - first + 1) * size >= total);
    return { items, next: done ? null : { page: page + 1 }, response };
  });
}

/** Offset and limit (ServiceNow `sysparm_offset`/`sysparm_limit`, CrowdStrike query endpoints). */
export function offsetLimitPages(
  http: Transport,
  req: PagedRequest<{ offset: number }> & {
    limit?: number;
    offsetParam?: string;
    limitParam?: string;
    itemsAt?: string;
    /** Where the body gives the total (CrowdStrike `meta.pagination.total`); else `X-Total-Count`. */
    totalAt?: string;
  },
): AsyncGenerator<Page<{ offset: number }>> {
  const limit = req.limit ?? 100;
  return paginate(req.start ?? undefined, async (cursor) => {
    const offset = cursor?.offset ?? 0;
    const query = { ...req.query, [req.offsetParam ?? 'offset']: offset, [req.limitParam ?? 'limit']: limit };
    const response = await get(http, req, req.path, query);
    const items = itemsOf(response, req.itemsAt ?? '');
    const header = Number(response.headers.get('x-total-count') ?? Number.NaN);
    const total =
      (req.totalAt ? numberAt(response.json, req.totalAt) : undefined) ??
      (Number.isFinite(header) ? header : undefined);
    const reached = offset + items.length;
    const done = items.length === 0 || (total !== undefined ? reached >= total : items.length < limit);
    return { items, next: done ? null : { offset: reached }, response };
  });
}

/** A scroll token handed back in the body (CrowdStrike devices-scroll: `meta.pagination.offset`). */
export function scrollPages(
  http: Transport,
  req: PagedRequest<{ token: string; fetched: number }> & {
    limit?: number;
    tokenParam?: string;
    limitParam?: string;
    itemsAt?: string;
    tokenAt?: string;
    totalAt?: string;
  },
): AsyncGenerator<Page<{ token: string; fetched: number }>> {
  return paginate(req.start ?? undefined, async (cursor) => {
    const query: Query = { ...req.query, [req.limitParam ?? 'limit']: req.limit ?? 1000 };
    if (cursor) query[req.tokenParam ?? 'offset'] = cursor.token;
    const response = await get(http, req, req.path, query);
    const items = itemsOf(response, req.itemsAt ?? 'resources');
    const token = valueAt(response.json, req.tokenAt ?? 'meta.pagination.offset');
    const total = numberAt(response.json, req.totalAt ?? 'meta.pagination.total');
    const fetched = (cursor?.fetched ?? 0) + items.length;
    const more = typeof token === 'string' && token !== '' && items.length > 0;
    const done = !more || (total !== undefined && fetched >= total);
    return { items, next: done ? null : { token, fetched }, response };
  });
}

/** `Link: <…>; rel="next"` (Okta, ServiceNow): the next URL is followed as given. */
export function linkHeaderPages(
  http: Transport,
  req: PagedRequest<{ url: string }> & { itemsAt?: string },
): AsyncGenerator<Page<{ url: string }>> {
  return paginate(req.start ?? undefined, async (cursor) => {
    const response = cursor ? await get(http, req, cursor.url) : await get(http, req, req.path, req.query);
    const next = parseLinkHeader(response.headers.get('link')).get('next');
    return { items: itemsOf(response, req.itemsAt ?? ''), next: next ? { url: next } : null, response };
  });
}

/** Microsoft Graph: `value` and `@odata.nextLink`, followed as-is. */
export function odataPages(
  http: Transport,
  req: PagedRequest<{ url: string }> & { itemsAt?: string },
): AsyncGenerator<Page<{ url: string }>> {
  return paginate(req.start ?? undefined, async (cursor) => {
    const response = cursor ? await get(http, req, cursor.url) : await get(http, req, req.path, req.query);
    const next = isRecord(response.json) ? response.json['@odata.nextLink'] : undefined;
    const items = itemsOf(response, req.itemsAt ?? 'value');
    return { items, next: typeof next === 'string' && next !== '' ? { url: next } : null, response };
  });
}

/** Google APIs: `pageToken` in, `nextPageToken` out; the items key (`users`) is omitted when empty. */
export function pageTokenPages(
  http: Transport,
  req: PagedRequest<{ pageToken: string }> & { itemsAt: string; tokenParam?: string; tokenAt?: string },
): AsyncGenerator<Page<{ pageToken: string }>> {
  return paginate(req.start ?? undefined, async (cursor) => {
    const query: Query = { ...req.query };
    if (cursor) query[req.tokenParam ?? 'pageToken'] = cursor.pageToken;
    const response = await get(http, req, req.path, query);
    const token = valueAt(response.json, req.tokenAt ?? 'nextPageToken');
    const items = itemsOf(response, req.itemsAt, true);
    return { items, next: typeof token === 'string' && token !== '' ? { pageToken: token } : null, response };
  });
}

function get(
  http: Transport,
  req: { headers?: Record<string, string>; signal?: AbortSignal },
  path: string,
  query?: Query,
): Promise<HttpResponse> {
  return http.request({ method: 'GET', path, query, headers: req.headers, signal: req.signal });
}

/** A dot path into a JSON body; '' is the body itself. */
function valueAt(body: unknown, path: string): unknown {
  if (path === '') return body;
  let value = body;
  for (const key of path.split('.')) {
    if (!isRecord(value)) return undefined;
    value = value[key];
  }
  return value;
}

function numberAt(body: unknown, path: string): number | undefined {
  const value = valueAt(body, path);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Null counts as an empty page; a missing key only where the API omits empty lists (`missingIsEmpty`). */
function itemsOf(response: HttpResponse, path: string, missingIsEmpty = false): unknown[] {
  const value = valueAt(response.json, path);
  if (Array.isArray(value)) return value;
  if (value === null || (value === undefined && missingIsEmpty && isRecord(response.json))) return [];
  throw new HttpError({
    code: 'response_invalid',
    status: response.status,
    url: response.url,
    message: `Expected a list at ${path === '' ? 'the body' : `"${path}"`} of ${response.url}, got ${describeValue(value)}.`,
  });
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : typeof value;
}
