import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';

interface Item {
  id: string;
  name: string | null;
  osVersion: string | null;
  [k: string]: unknown;
}

describeEachDialect('asset query engine', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;
  let other: SeededTenant;
  let janeId: string;
  const created: Item[] = [];

  const search = (body: unknown, token = t.tokens.viewer) =>
    api(s.url, 'POST', '/api/v1/assets/search', { token, body });

  beforeAll(async () => {
    s = await startTestServer(dialect);
    t = await seedTenant(s.steward, 'acme');
    other = await seedTenant(s.steward, 'globex');
    await api(s.url, 'POST', '/api/v1/custom-fields', {
      token: t.tokens.admin,
      body: { key: 'cf_cost_centre', label: 'Cost centre', type: 'enum', values: ['eng', 'sales'] },
    });
    await api(s.url, 'POST', '/api/v1/custom-fields', {
      token: t.tokens.admin,
      body: { key: 'cf_risk', label: 'Risk', type: 'number' },
    });
    const jane = await api(s.url, 'POST', '/api/v1/people', {
      token: t.tokens.operator,
      body: { name: 'Jane Doe', email: 'jane.doe@acme.example.com' },
    });
    janeId = jane.body.id;
    const versions = [
      '14.4',
      '14.5',
      null,
      '13.6',
      '14.4',
      '15.0',
      null,
      '14.1',
      '12.7',
      '14.4',
      '14.6',
      '15.1',
    ];
    for (let i = 0; i < versions.length; i++) {
      const r = await api(s.url, 'POST', '/api/v1/assets', {
        token: t.tokens.operator,
        body: {
          kind: i === 11 ? 'accessory' : 'device',
          name: `host-${String(i).padStart(2, '0')}`,
          serialNumber: `SN${1000 + i}`,
          assetTag: `T-${i}`,
          ...(versions[i] ? { osVersion: versions[i], osName: 'macOS' } : {}),
          purchasePrice: 1000 + i * 100,
          diskEncrypted: i % 2 === 0,
          tags: i % 3 === 0 ? ['vip'] : [],
          custom: { cf_cost_centre: i % 2 === 0 ? 'eng' : 'sales', ...(i < 4 ? { cf_risk: i } : {}) },
        },
      });
      expect(r.status).toBe(201);
      created.push(r.body);
    }
    await api(s.url, 'POST', `/api/v1/assets/${created[3]!.id}/assign`, {
      token: t.tokens.operator,
      body: { personId: janeId },
    });
    await api(s.url, 'POST', '/api/v1/assets', {
      token: other.tokens.operator,
      body: { kind: 'device', name: 'host-foreign', serialNumber: 'SN1000' },
    });
  });
  afterAll(async () => s.stop());

  const names = (items: Item[]) => items.map((i) => i.name);

  it('filters with eq, in, range, prefix and exists on canonical attributes', async () => {
    expect(
      names((await search({ filters: [{ field: 'serialNumber', op: 'eq', value: 'sn1004' }] })).body.items),
    ).toEqual(['host-04']);
    expect(
      (
        await search({
          filters: [{ field: 'assetTag', op: 'in', value: ['T-1', 'T-2', 'nope'] }],
          sort: { field: 'name' },
        })
      ).body.items.map((i: Item) => i.name),
    ).toEqual(['host-01', 'host-02']);
    expect(
      names(
        (
          await search({
            filters: [
              { field: 'purchasePrice', op: 'gte', value: 2000 },
              { field: 'purchasePrice', op: 'lt', value: 2200 },
            ],
            sort: { field: 'name' },
          })
        ).body.items,
      ),
    ).toEqual(['host-10', 'host-11']);
    expect(
      names(
        (
          await search({
            filters: [{ field: 'osVersion', op: 'prefix', value: '14.' }],
            sort: { field: 'name' },
          })
        ).body.items,
      ),
    ).toEqual(['host-00', 'host-01', 'host-04', 'host-07', 'host-09', 'host-10']);
    expect(
      names(
        (
          await search({
            filters: [{ field: 'osVersion', op: 'exists', value: false }],
            sort: { field: 'name' },
          })
        ).body.items,
      ),
    ).toEqual(['host-02', 'host-06']);
    expect(
      (await search({ filters: [{ field: 'diskEncrypted', op: 'eq', value: true }] })).body.items,
    ).toHaveLength(6);
    expect((await search({ kind: 'accessory' })).body.items.map((i: Item) => i.name)).toEqual(['host-11']);
  });

  it('filters on tags, custom fields and the assignee', async () => {
    expect((await search({ filters: [{ field: 'tags', op: 'eq', value: 'vip' }] })).body.items).toHaveLength(
      4,
    );
    expect(
      (await search({ filters: [{ field: 'tags', op: 'exists', value: false }] })).body.items,
    ).toHaveLength(8);
    expect(
      (await search({ filters: [{ field: 'cf_cost_centre', op: 'eq', value: 'eng' }] })).body.items,
    ).toHaveLength(6);
    expect(
      names(
        (await search({ filters: [{ field: 'cf_risk', op: 'gt', value: 1 }], sort: { field: 'name' } })).body
          .items,
      ),
    ).toEqual(['host-02', 'host-03']);
    expect(
      names((await search({ filters: [{ field: 'assignedPersonId', op: 'eq', value: janeId }] })).body.items),
    ).toEqual(['host-03']);
  });

  it('searches words by prefix across name, serial, tag and the assignee', async () => {
    expect(names((await search({ search: 'sn1007' })).body.items)).toEqual(['host-07']);
    expect(names((await search({ search: 'jane' })).body.items)).toEqual(['host-03']);
    expect(names((await search({ search: 'JANE.DOE@acme' })).body.items)).toEqual(['host-03']);
    expect((await search({ search: 'host' })).body.items).toHaveLength(12);
    expect((await search({ search: 'host sn1001' })).body.items).toHaveLength(1);
    expect((await search({ search: 'nothing-like-this' })).body.items).toHaveLength(0);
  });

  it('pages in keyset order with nulls last in both directions, identically on every database', async () => {
    for (const direction of ['asc', 'desc'] as const) {
      const seen: Item[] = [];
      let cursor: string | null = null;
      do {
        const r = await search({
          sort: { field: 'osVersion', direction },
          limit: 5,
          ...(cursor ? { cursor } : {}),
          fields: ['name', 'osVersion'],
        });
        expect(r.status).toBe(200);
        seen.push(...r.body.items);
        cursor = r.body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(12);
      expect(new Set(seen.map((i) => i.id)).size).toBe(12);
      const versions = seen.map((i) => i.osVersion);
      const nonNull = versions.filter((v) => v !== null) as string[];
      const sorted = [...nonNull].sort();
      expect(nonNull).toEqual(direction === 'asc' ? sorted : sorted.reverse());
      expect(versions.slice(-2)).toEqual([null, null]);
    }
  });

  it('pages a selective filter sorted by another attribute in the same order as the whole list', async () => {
    const serials = ['SN1000', 'SN1002', 'SN1003', 'SN1005', 'SN1006', 'SN1009'];
    for (const sort of [
      { field: 'osVersion', direction: 'asc' },
      { field: 'purchasePrice', direction: 'desc' },
    ] as const) {
      const all = (await search({ sort, limit: 100 })).body.items as Item[];
      const want = all.filter((i) => serials.includes(String(i.serialNumber))).map((i) => i.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const r = await search({
          filters: [{ field: 'serialNumber', op: 'in', value: serials }],
          sort,
          limit: 2,
          ...(cursor ? { cursor } : {}),
        });
        seen.push(...r.body.items.map((i: Item) => i.id));
        cursor = r.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(want);
    }
  });

  it('returns only the asked-for fields, and the total when asked', async () => {
    const r = await search({
      fields: ['name', 'serialNumber'],
      count: true,
      limit: 2,
      sort: { field: 'name' },
    });
    expect(r.body.total).toBe(12);
    expect(Object.keys(r.body.items[0]).sort()).toEqual([
      'createdAt',
      'id',
      'kind',
      'name',
      'serialNumber',
      'updatedAt',
      'version',
    ]);
    const get = await api(s.url, 'GET', '/api/v1/assets?sort=-name&limit=2&fields=name&count=true', {
      token: t.tokens.viewer,
    });
    expect(get.body.items.map((i: Item) => i.name)).toEqual(['host-11', 'host-10']);
    expect(get.body.total).toBe(12);
    const filtered = await api(
      s.url,
      'GET',
      `/api/v1/assets?filter=${encodeURIComponent(JSON.stringify([{ field: 'tags', op: 'eq', value: 'vip' }]))}&count=true`,
      { token: t.tokens.viewer },
    );
    expect(filtered.body.total).toBe(4);
  });

  it('never shows another tenant’s assets', async () => {
    const r = await search(
      { filters: [{ field: 'serialNumber', op: 'eq', value: 'SN1000' }] },
      other.tokens.viewer,
    );
    expect(names(r.body.items)).toEqual(['host-foreign']);
    const mine = await search({ search: 'foreign' });
    expect(mine.body.items).toHaveLength(0);
  });

  it('rejects bad queries with 400 naming the part', async () => {
    const cases: [unknown, string][] = [
      [{ filters: [{ field: 'colour', op: 'eq', value: 'red' }] }, 'body.filters[0].field'],
      [{ filters: [{ field: 'purchasePrice', op: 'eq', value: 'cheap' }] }, 'body.filters[0].value'],
      [{ filters: [{ field: 'purchasePrice', op: 'prefix', value: '1' }] }, 'body.filters[0].op'],
      [{ filters: [{ field: 'name', op: 'in', value: 'x' }] }, 'body.filters[0].value'],
      [{ sort: { field: 'tags' } }, 'body.sort.field'],
      [{ cursor: 'bogus' }, 'body.cursor'],
      [{ limit: 5000 }, 'body.limit'],
      [{ filters: [{ field: 'name', op: 'like', value: 'x' }] }, 'body.filters[0].op'],
    ];
    for (const [body, path] of cases) {
      const r = await search(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const badJson = await api(s.url, 'GET', '/api/v1/assets?filter=%5Bnope', { token: t.tokens.viewer });
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.details[0].path).toBe('query.filter');
    const sortCursor = (await search({ sort: { field: 'name' }, limit: 1 })).body.nextCursor;
    const mismatch = await search({ sort: { field: 'osVersion' }, cursor: sortCursor });
    expect(mismatch.status).toBe(400);
  });

  it('saves views per user, and keeps them private', async () => {
    const v = await api(s.url, 'POST', '/api/v1/views', {
      token: t.tokens.viewer,
      body: { name: 'VIP Macs', query: { filters: [{ field: 'tags', op: 'eq', value: 'vip' }] } },
    });
    expect(v.status).toBe(201);
    const mine = await api(s.url, 'GET', '/api/v1/views', { token: t.tokens.viewer });
    expect(mine.body.items.map((x: { name: string }) => x.name)).toEqual(['VIP Macs']);
    const run = await search(mine.body.items[0].query);
    expect(run.body.items).toHaveLength(4);
    expect((await api(s.url, 'GET', '/api/v1/views', { token: t.tokens.admin })).body.items).toEqual([]);
    expect((await api(s.url, 'DELETE', `/api/v1/views/${v.body.id}`, { token: t.tokens.admin })).status).toBe(
      404,
    );
    expect(
      (await api(s.url, 'DELETE', `/api/v1/views/${v.body.id}`, { token: other.tokens.owner })).status,
    ).toBe(404);
    const renamed = await api(s.url, 'PUT', `/api/v1/views/${v.body.id}`, {
      token: t.tokens.viewer,
      body: { name: 'VIPs' },
    });
    expect(renamed.body.name).toBe('VIPs');
    const bad = await api(s.url, 'POST', '/api/v1/views', {
      token: t.tokens.viewer,
      body: { name: 'x', query: { filters: 'all' } },
    });
    expect(bad.status).toBe(400);
    expect(
      (await api(s.url, 'DELETE', `/api/v1/views/${v.body.id}`, { token: t.tokens.viewer })).status,
    ).toBe(204);
  });
});
