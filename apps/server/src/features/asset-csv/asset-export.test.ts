import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ASSET_ATTRIBUTES } from '@steward/domain';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';

type AssetJson = Record<string, unknown> & { id: string; tags?: string[]; custom?: Record<string, unknown> };

describeEachDialect('asset CSV export', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;
  let other: SeededTenant;
  const created: AssetJson[] = [];

  async function exportCsv(query: string, token = t.tokens.viewer) {
    const res = await fetch(`${s.url}/api/v1/assets/export.csv${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  }
  const rowsOf = (text: string) => parse(text, { bom: true }) as string[][];

  async function newAsset(body: Record<string, unknown>, token = t.tokens.operator) {
    const r = await api(s.url, 'POST', '/api/v1/assets', { token, body });
    expect(r.status).toBe(201);
    return r.body as AssetJson;
  }

  beforeAll(async () => {
    s = await startTestServer(dialect);
    t = await seedTenant(s.steward, 'acme');
    other = await seedTenant(s.steward, 'globex');
    const field = await api(s.url, 'POST', '/api/v1/custom-fields', {
      token: t.tokens.admin,
      body: { key: 'cf_cost_centre', label: 'Cost centre', type: 'text' },
    });
    expect(field.status).toBe(201);
    created.push(
      await newAsset({
        kind: 'device',
        deviceType: 'laptop',
        name: 'Jane, "JJ" Doe\'s laptop\nsecond line',
        assetTag: 'EXP-1',
        serialNumber: 'c02exp1',
        diskEncrypted: true,
        memoryGb: 32,
        purchasePrice: 1999.99,
        purchaseDate: '2025-03-01',
        tags: ['design', 'loaner-pool'],
        custom: { cf_cost_centre: 'CC, "North"' },
      }),
      await newAsset({
        kind: 'device',
        deviceType: 'phone',
        name: '=HYPERLINK("http://evil.example","click")',
        assetTag: 'EXP-2',
        model: '+1 model',
        vendor: '@vendor',
        poNumber: '-PO-7',
        purchasePrice: -5,
        diskEncrypted: false,
        tags: ['design'],
      }),
      await newAsset({ kind: 'accessory', deviceType: 'monitor', name: 'Dell U2723', assetTag: 'EXP-3' }),
    );
    await newAsset({ kind: 'device', name: 'globex only', assetTag: 'EXP-1' }, other.tokens.operator);
  });
  afterAll(async () => s.stop());

  it('streams every attribute, tags and custom fields, and parses back to the same values', async () => {
    const r = await exportCsv('');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toContain('assets.csv');
    const [header, ...rows] = rowsOf(r.text);
    expect(header).toEqual([
      'id',
      'kind',
      ...ASSET_ATTRIBUTES.map((a) => a.key),
      'tags',
      'cf_cost_centre',
      'createdAt',
      'updatedAt',
      'version',
    ]);
    expect(rows).toHaveLength(created.length);
    for (const asset of created) {
      const row = rows.find((cells) => cells[0] === asset.id)!;
      expect(row).toBeDefined();
      const cell = (key: string) => row[header!.indexOf(key)];
      for (const a of ASSET_ATTRIBUTES) {
        const v = asset[a.key];
        const text = v === null || v === undefined ? '' : String(v);
        // Text that a spreadsheet would run as a formula comes back with its guard quote.
        expect(cell(a.key)).toBe(typeof v === 'string' && /^[=+\-@]/.test(v) ? `'${text}` : text);
      }
      expect(cell('tags')).toBe((asset.tags ?? []).join('; '));
      expect(cell('cf_cost_centre')).toBe(String(asset.custom?.cf_cost_centre ?? ''));
      expect(cell('kind')).toBe(asset.kind);
      expect(cell('version')).toBe(String(asset.version));
    }
    // Commas, quotes and line breaks survive; the raw text quotes them by RFC 4180.
    expect(r.text).toContain('"Jane, ""JJ"" Doe\'s laptop\nsecond line"');
    expect(r.text).toContain('"CC, ""North"""');
  });

  it('guards against formula injection in text cells, but not in numbers', async () => {
    const r = await exportCsv(
      '?fields=name,model,vendor,poNumber,purchasePrice&filter=' +
        encodeURIComponent(JSON.stringify([{ field: 'assetTag', op: 'eq', value: 'EXP-2' }])),
    );
    const [header, row] = rowsOf(r.text);
    expect(header).toEqual(['name', 'model', 'vendor', 'poNumber', 'purchasePrice']);
    expect(row).toEqual([
      '\'=HYPERLINK("http://evil.example","click")',
      "'+1 model",
      "'@vendor",
      "'-PO-7",
      '-5',
    ]);
    for (const cell of row!) if (cell !== '-5') expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('honours kind, filters, search, sort and field selection like the list does', async () => {
    const byTag = await exportCsv(
      '?fields=assetTag,tags,cf_cost_centre&sort=-assetTag&filter=' +
        encodeURIComponent(JSON.stringify([{ field: 'tags', op: 'eq', value: 'design' }])),
    );
    expect(rowsOf(byTag.text)).toEqual([
      ['assetTag', 'tags', 'cf_cost_centre'],
      ['EXP-2', 'design', ''],
      ['EXP-1', 'design; loaner-pool', 'CC, "North"'],
    ]);
    const accessories = await exportCsv('?kind=accessory&fields=name,kind');
    expect(rowsOf(accessories.text)).toEqual([
      ['name', 'kind'],
      ['Dell U2723', 'accessory'],
    ]);
    const searched = await exportCsv('?q=dell&fields=assetTag,custom');
    expect(rowsOf(searched.text)).toEqual([
      ['assetTag', 'cf_cost_centre'],
      ['EXP-3', ''],
    ]);
    const json = await fetch(`${s.url}/api/v1/assets/export.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.tokens.viewer}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        filters: [{ field: 'cf_cost_centre', op: 'exists', value: true }],
        fields: ['assetTag', 'memoryGb', 'diskEncrypted', 'purchaseDate'],
        sort: { field: 'assetTag', direction: 'asc' },
      }),
    });
    expect(json.status).toBe(200);
    expect(rowsOf(await json.text())).toEqual([
      ['assetTag', 'memoryGb', 'diskEncrypted', 'purchaseDate'],
      ['EXP-1', '32', 'true', '2025-03-01'],
    ]);
  });

  it('answers a bad query with a 400 naming the parameter, before any CSV is sent', async () => {
    const unknown = await api(s.url, 'GET', '/api/v1/assets/export.csv?fields=name,wheels', {
      token: t.tokens.viewer,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ path: 'query.fields', reason: 'unknown field wheels' }]);
    const badFilter = await api(
      s.url,
      'GET',
      `/api/v1/assets/export.csv?filter=${encodeURIComponent(JSON.stringify([{ field: 'name', op: 'like' }]))}`,
      { token: t.tokens.viewer },
    );
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.error.details[0].path).toBe('query.filter[0].op');
    const notJson = await api(s.url, 'GET', '/api/v1/assets/export.csv?filter=nope', {
      token: t.tokens.viewer,
    });
    expect(notJson.body.error.details[0].path).toBe('query.filter');
    const paging = await api(s.url, 'GET', '/api/v1/assets/export.csv?limit=5', { token: t.tokens.viewer });
    expect(paging.status).toBe(400);
    const body = await api(s.url, 'POST', '/api/v1/assets/export.csv', {
      token: t.tokens.viewer,
      body: { filters: [{ field: 'wheels', op: 'eq', value: 4 }] },
    });
    expect(body.status).toBe(400);
    expect(body.body.error.details[0].path).toBe('body.filters[0].field');
    expect((await api(s.url, 'GET', '/api/v1/assets/export.csv')).status).toBe(401);
  });

  it("never shows another tenant's rows", async () => {
    const mine = rowsOf((await exportCsv('?fields=assetTag,name', other.tokens.viewer)).text);
    expect(mine).toEqual([
      ['assetTag', 'name'],
      ['EXP-1', 'globex only'],
    ]);
    const theirs = rowsOf((await exportCsv('?fields=name')).text).flat();
    expect(theirs).not.toContain('globex only');
  });

  it('walks keyset pages: more rows than one page come out once each, in order', async () => {
    const n = 1_005;
    const lines = ['Asset tag,Name,Type'];
    for (let i = 0; i < n; i++) lines.push(`BULK-${String(i).padStart(5, '0')},Bulk ${i},dock`);
    const imported = await api(s.url, 'POST', '/api/v1/assets/import?kind=accessory&mode=commit', {
      token: t.tokens.operator,
      rawBody: lines.join('\n'),
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.body).toMatchObject({ created: n, invalidRows: 0 });
    const r = await exportCsv(
      '?fields=assetTag&sort=assetTag&filter=' +
        encodeURIComponent(JSON.stringify([{ field: 'assetTag', op: 'prefix', value: 'BULK-' }])),
    );
    const tags = rowsOf(r.text)
      .slice(1)
      .map((row) => row[0]);
    expect(tags).toHaveLength(n);
    expect(new Set(tags).size).toBe(n);
    expect(tags).toEqual([...tags].sort());
  }, 120_000);
});
