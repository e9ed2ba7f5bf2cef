import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../json.js';
import { pathOf, queryOf, sendJson, startTestServer, type TestServer } from '../testing/http-test-server.js';
import {
  linkHeaderPages,
  odataPages,
  offsetLimitPages,
  pageNumberPages,
  pageTokenPages,
  scrollPages,
  type Page,
} from './paging.js';
import { createTransport } from './transport.js';
import type { Transport } from './transport-types.js';

const TOTAL = 23;
const SIZE = 5;
const ALL = Array.from({ length: TOTAL }, (_, i) => `id-${i}`);
const records = (from: number, count: number) => ALL.slice(from, from + count).map((id) => ({ id }));
const token = (n: number) => Buffer.from(`pos:${n}`).toString('base64url');
const untoken = (t: string | null) => (t ? Number(Buffer.from(t, 'base64url').toString().slice(4)) : 0);

let server: TestServer;
let http: Transport;

// One fake vendor per paging scheme of vendor-apis.md, over the same 23 records.
beforeAll(async () => {
  server = await startTestServer((req, res) => {
    const q = queryOf(req);
    switch (pathOf(req)) {
      case '/api/v1/computers-inventory': {
        const page = Number(q.get('page'));
        const size = Number(q.get('page-size'));
        return sendJson(res, 200, { totalCount: TOTAL, results: records(page * size, size) });
      }
      case '/api/now/table/cmdb_ci': {
        const offset = Number(q.get('sysparm_offset'));
        const rows = records(offset, Number(q.get('sysparm_limit')));
        return sendJson(res, 200, { result: rows }, { 'x-total-count': String(TOTAL) });
      }
      case '/devices/queries/devices-scroll/v1': {
        const from = untoken(q.get('offset'));
        const rows = records(from, Number(q.get('limit')));
        const meta = {
          query_time: 0.01,
          pagination: { offset: token(from + rows.length), limit: SIZE, total: TOTAL },
        };
        return sendJson(res, 200, { meta, resources: rows.map((r) => r.id), errors: [] });
      }
      case '/api/v1/users': {
        const after = q.get('after');
        const from = after ? ALL.indexOf(after) + 1 : 0;
        const rows = records(from, Number(q.get('limit')));
        const links = [`<${server.url}/api/v1/users?limit=${SIZE}>; rel="self"`];
        const last = rows.at(-1);
        if (last && from + rows.length < TOTAL)
          links.push(`<${server.url}/api/v1/users?limit=${SIZE}&after=${last.id}>; rel="next"`);
        return sendJson(res, 200, rows, { link: links.join(', ') });
      }
      case '/v1.0/deviceManagement/managedDevices': {
        const from = untoken(q.get('$skiptoken'));
        const rows = records(from, Number(q.get('$top')));
        const next =
          from + rows.length < TOTAL
            ? `${server.url}/v1.0/deviceManagement/managedDevices?$top=${SIZE}&$skiptoken=${token(from + rows.length)}`
            : undefined;
        return sendJson(res, 200, {
          '@odata.context': 'x',
          value: rows,
          ...(next ? { '@odata.nextLink': next } : {}),
        });
      }
      case '/admin/directory/v1/users': {
        // Google omits `users` on an empty page; this walk ends with one.
        const from = untoken(q.get('pageToken'));
        const rows = records(from, Number(q.get('maxResults')));
        const body: Record<string, unknown> = { kind: 'admin#directory#users' };
        if (rows.length > 0) Object.assign(body, { users: rows, nextPageToken: token(from + rows.length) });
        return sendJson(res, 200, body);
      }
      default:
        return sendJson(res, 404, {});
    }
  });
  http = createTransport({ baseUrl: server.url });
});
afterAll(() => server.close());

function ids(items: unknown[]): string[] {
  return items.map((item) => (typeof item === 'string' ? item : (item as { id: string }).id));
}

type Walk<C extends Json> = (start?: C | null) => AsyncGenerator<Page<C>>;

/** Walks everything; then walks again, stopping after two pages, and resumes from the saved cursor. */
async function expectWalksAndResumes<C extends Json>(walk: Walk<C>): Promise<void> {
  const all: string[] = [];
  for await (const page of walk()) all.push(...ids(page.items));
  expect(all).toEqual(ALL);

  const first: string[] = [];
  let saved: C | null = null;
  let pages = 0;
  for await (const page of walk()) {
    first.push(...ids(page.items));
    saved = page.next;
    if (++pages === 2) break; // the process dies here
  }
  expect(saved).not.toBeNull();
  const rest: string[] = [];
  for await (const page of walk(JSON.parse(JSON.stringify(saved)) as C)) rest.push(...ids(page.items));
  expect([...first, ...rest]).toEqual(ALL);
}

describe('paging', () => {
  it('page and page-size (Jamf Pro), stopping at totalCount', async () => {
    const before = server.requests.length;
    await expectWalksAndResumes<{ page: number }>((start) =>
      pageNumberPages(http, {
        path: '/api/v1/computers-inventory',
        query: { section: 'GENERAL' },
        pageSize: SIZE,
        start,
      }),
    );
    // 5 pages for the full walk, 2 + 3 for the interrupted one: never a request for page 5.
    expect(server.requests.length - before).toBe(10);
  });

  it('offset and limit (ServiceNow), with X-Total-Count', async () => {
    await expectWalksAndResumes<{ offset: number }>((start) =>
      offsetLimitPages(http, {
        path: '/api/now/table/cmdb_ci',
        offsetParam: 'sysparm_offset',
        limitParam: 'sysparm_limit',
        limit: SIZE,
        itemsAt: 'result',
        start,
      }),
    );
  });

  it('scroll token (CrowdStrike devices-scroll)', async () => {
    await expectWalksAndResumes<{ token: string; fetched: number }>((start) =>
      scrollPages(http, { path: '/devices/queries/devices-scroll/v1', limit: SIZE, start }),
    );
  });

  it('Link rel="next" (Okta)', async () => {
    await expectWalksAndResumes<{ url: string }>((start) =>
      linkHeaderPages(http, { path: '/api/v1/users', query: { limit: SIZE }, start }),
    );
  });

  it('@odata.nextLink (Microsoft Graph)', async () => {
    await expectWalksAndResumes<{ url: string }>((start) =>
      odataPages(http, { path: '/v1.0/deviceManagement/managedDevices', query: { $top: SIZE }, start }),
    );
  });

  it('pageToken / nextPageToken (Google), ending on a page without users', async () => {
    await expectWalksAndResumes<{ pageToken: string }>((start) =>
      pageTokenPages(http, {
        path: '/admin/directory/v1/users',
        query: { customer: 'my_customer', maxResults: SIZE },
        itemsAt: 'users',
        start,
      }),
    );
  });

  it('fails clearly when the list is not where it should be', async () => {
    const walk = pageNumberPages(http, {
      path: '/api/v1/computers-inventory',
      itemsAt: 'computers',
      pageSize: SIZE,
    });
    await expect(walk.next()).rejects.toThrow(/Expected a list at "computers" of http:.*, got nothing/);
    const wrong = offsetLimitPages(http, {
      path: '/api/now/table/cmdb_ci',
      offsetParam: 'sysparm_offset',
      limitParam: 'sysparm_limit',
    });
    await expect(wrong.next()).rejects.toThrow(/Expected a list at the body/);
  });
});
