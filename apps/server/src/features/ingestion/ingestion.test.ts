import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';
import { laptop, now } from './observations.fixture.js';

describeEachDialect('ingestion: the observations API', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;
  let other: SeededTenant;

  const post = (path: string, body: unknown, token = t.tokens.operator) =>
    api(s.url, 'POST', path, { token, body });
  const get = (path: string, token = t.tokens.viewer) => api(s.url, 'GET', path, { token });

  beforeAll(async () => {
    s = await startTestServer(dialect);
    t = await seedTenant(s.steward, 'acme');
    other = await seedTenant(s.steward, 'globex');
    expect(
      (await post('/api/v1/sources', { key: 'mdm1', name: 'Intune', type: 'mdm' }, t.tokens.admin)).status,
    ).toBe(201);
  });
  afterAll(async () => s.stop());

  it('rejects bad items by index and reason and applies the valid ones', async () => {
    const r = await post('/api/v1/observations', [
      { sourceKey: 'a', kind: 'device', observedAt: now(), identifiers: {}, attributes: {} },
      { ...laptop('b', 'SN-B'), kind: 'spaceship' },
      laptop('c', 'SN-C', { osVersion: 14 }),
      laptop('d', 'SN-D', { flavour: 'mint' }),
      { ...laptop('e', 'SN-E'), source: 'nobody' },
      laptop('f', 'SN-F', { lifecycleState: 'disposed' }),
      laptop('g', 'SN-G'),
    ]);
    expect(r.status).toBe(200);
    expect(r.body.counts).toMatchObject({ rejected: 6, created: 1 });
    const reasons = Object.fromEntries(
      r.body.items
        .filter((i: { status: string }) => i.status === 'rejected')
        .map((i: { index: number; errors: { path: string; reason: string }[] }) => [
          i.index,
          i.errors.map((e) => `${e.path}: ${e.reason}`).join('; '),
        ]),
    );
    expect(reasons[0]).toMatch(/^body\[0\]\.source: /);
    expect(reasons[1]).toMatch(/^body\[1\]\.kind: /);
    expect(reasons[2]).toBe('body[2].attributes.osVersion: must be text, not number');
    expect(reasons[3]).toBe('body[3].attributes.flavour: not a canonical device attribute');
    expect(reasons[4]).toBe('body[4].source: no source nobody is registered');
    expect(reasons[5]).toMatch(/^body\[5\]\.attributes\.lifecycleState: set through its own action/);
    expect(r.body.items[6]).toMatchObject({ index: 6, status: 'created' });
    const found = await post(
      '/api/v1/assets/search',
      { filters: [{ field: 'serialNumber', op: 'in', value: ['SN-C', 'SN-G'] }] },
      t.tokens.viewer,
    );
    expect(found.body.items.map((a: { serialNumber: string }) => a.serialNumber)).toEqual(['SN-G']);
  });

  it('answers a body that is not a batch with 400, and more than 10,000 items too', async () => {
    const notArray = await post('/api/v1/observations', { source: 'mdm1' });
    expect(notArray.status).toBe(400);
    expect(notArray.body.error.code).toBe('validation_failed');
    const tooMany = await post(
      '/api/v1/observations',
      Array.from({ length: 10_001 }, () => ({})),
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details[0].path).toBe('body');
  });

  it('streams NDJSON, numbering items by line and rejecting lines that are not JSON', async () => {
    const lines = [
      JSON.stringify(laptop('n1', 'SN-N1')),
      '{not json',
      '',
      JSON.stringify(laptop('n2', 'SN-N2')),
    ];
    const r = await api(s.url, 'POST', '/api/v1/observations', {
      token: t.tokens.operator,
      rawBody: lines.join('\n'),
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(r.status).toBe(200);
    expect(r.body.counts).toMatchObject({ created: 2, rejected: 1 });
    expect(r.body.items.map((i: { index: number; status: string }) => [i.index, i.status])).toEqual([
      [0, 'created'],
      [1, 'rejected'],
      [2, 'created'],
    ]);
  });

  it('applies the latest observation of a record whatever order they arrive in', async () => {
    const older = { ...laptop('late', 'SN-LATE', { osVersion: '10' }), observedAt: '2026-01-01T00:00:00Z' };
    const newer = { ...laptop('late', 'SN-LATE', { osVersion: '12' }), observedAt: '2026-02-01T00:00:00Z' };
    await post('/api/v1/observations', [newer]);
    const r = await post('/api/v1/observations', [older]);
    expect(r.body.items[0].status).toBe('unchanged');
    const [a] = (
      await post(
        '/api/v1/assets/search',
        { filters: [{ field: 'serialNumber', op: 'eq', value: 'SN-LATE' }] },
        t.tokens.viewer,
      )
    ).body.items;
    expect(a.osVersion).toBe('12');
  });

  it('marks what a completed full sync did not see as missing, and flags a device no source reports', async () => {
    await post('/api/v1/sources', { key: 'edr1', name: 'Falcon', type: 'edr' }, t.tokens.admin);
    const host = (key: string, serial: string) => ({
      ...laptop(key, serial),
      source: 'edr1',
      attributes: { edrPresent: true },
    });
    const first = await post('/api/v1/sources/edr1/syncs', { mode: 'full' });
    expect(first.status).toBe(201);
    await post(`/api/v1/observations?syncId=${first.body.id}`, [host('h1', 'SN-H1'), host('h2', 'SN-H2')]);
    expect(
      (await post(`/api/v1/sources/edr1/syncs/${first.body.id}/complete`, {})).body.counts,
    ).toMatchObject({ created: 2, markedMissing: 0 });

    const second = await post('/api/v1/sources/edr1/syncs', { mode: 'full' });
    await post(`/api/v1/observations?syncId=${second.body.id}`, [host('h1', 'SN-H1')]);
    // Items of another source do not belong in this run.
    const wrong = await post(`/api/v1/observations?syncId=${second.body.id}`, [laptop('x', 'SN-X')]);
    expect(wrong.body.items[0].errors[0].reason).toBe('not the source of the sync run it is posted to');
    const done = await post(`/api/v1/sources/edr1/syncs/${second.body.id}/complete`, {});
    expect(done.body).toMatchObject({ status: 'completed', counts: { unchanged: 1, markedMissing: 1 } });
    expect((await post(`/api/v1/sources/edr1/syncs/${second.body.id}/complete`, {})).status).toBe(409);
    expect((await post(`/api/v1/observations?syncId=${second.body.id}`, [host('h1', 'SN-H1')])).status).toBe(
      409,
    );

    const [h2] = (
      await post(
        '/api/v1/assets/search',
        { filters: [{ field: 'serialNumber', op: 'eq', value: 'SN-H2' }] },
        t.tokens.viewer,
      )
    ).body.items;
    expect(h2).toBeDefined(); // flagged, never deleted
    const twin = (await get(`/api/v1/assets/${h2.id}/twin`)).body;
    expect(twin.orphaned).toBe(true);
    expect(twin.records[0].missingSince).not.toBeNull();
    const timeline = (await get(`/api/v1/assets/${h2.id}/timeline`)).body.items;
    expect(timeline[0]).toMatchObject({ action: 'asset.flagged' });
    // Seen again: no longer missing, no longer orphaned.
    await post('/api/v1/observations', [{ ...host('h2', 'SN-H2'), observedAt: now() }]);
    expect((await get(`/api/v1/assets/${h2.id}/twin`)).body.orphaned).toBe(false);
  });

  it('marks a record deleted in a delta as missing', async () => {
    await post('/api/v1/observations', [laptop('del', 'SN-DEL')]);
    const r = await post('/api/v1/observations', [{ ...laptop('del', 'SN-DEL'), deleted: true }]);
    expect(r.body.items[0].status).toBe('missing');
    const [a] = (
      await post(
        '/api/v1/assets/search',
        { filters: [{ field: 'serialNumber', op: 'eq', value: 'SN-DEL' }] },
        t.tokens.viewer,
      )
    ).body.items;
    expect((await get(`/api/v1/assets/${a.id}/twin`)).body.orphaned).toBe(true);
  });

  it('lets a tenant set precedence per group, validated', async () => {
    const bad = await api(s.url, 'PUT', '/api/v1/ingestion/settings', {
      token: t.tokens.admin,
      body: { precedence: { os: ['mdm', 'nonsense'] } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('body.precedence.os[1]');
    const ok = await api(s.url, 'PUT', '/api/v1/ingestion/settings', {
      token: t.tokens.admin,
      body: { precedence: { os: ['edr', 'mdm'] }, identification: { macSharedLimit: 3 } },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.precedence.os).toEqual(['edr', 'mdm']);
    expect(ok.body.precedence.financial[0]).toBe('manual');
    expect(ok.body.identification.macSharedLimit).toBe(3);
    // Now the EDR's OS version wins over the MDM's.
    await post('/api/v1/observations', [
      laptop('p1', 'SN-P1', { osVersion: '11' }),
      { ...laptop('p1e', 'SN-P1'), source: 'edr1', attributes: { osVersion: '11.1' } },
    ]);
    const [a] = (
      await post(
        '/api/v1/assets/search',
        { filters: [{ field: 'serialNumber', op: 'eq', value: 'SN-P1' }] },
        t.tokens.viewer,
      )
    ).body.items;
    expect(a.osVersion).toBe('11.1');
  });

  it('keeps a queued record apart as an entity of its own when an admin says so', async () => {
    const mac = (n: number) => `00:1c:b3:00:00:0${n}`;
    await post('/api/v1/observations', [
      { ...laptop('k1', 'SN-K1'), identifiers: { serialNumber: 'SN-K1', macAddresses: [mac(1)] } },
      { ...laptop('k2', 'SN-K2'), identifiers: { serialNumber: 'SN-K2', macAddresses: [mac(2)] } },
    ]);
    const queued = await post('/api/v1/observations', [
      {
        ...laptop('k3', 'x'),
        identifiers: { macAddresses: [mac(1), mac(2)] },
        attributes: { hostname: 'k3-host' },
      },
    ]);
    expect(queued.body.items[0]).toMatchObject({ status: 'review', entityId: null });
    const item = (await get('/api/v1/review-items')).body.items.find(
      (i: { record: { recordKey: string } }) => i.record.recordKey === 'k3',
    );
    const r = await post(`/api/v1/review-items/${item.id}/resolve`, { action: 'keep_apart' }, t.tokens.admin);
    expect(r.body.status).toBe('kept_apart');
    const a = await get(`/api/v1/assets/${r.body.entityId}`);
    expect(a.body).toMatchObject({ hostname: 'k3-host', serialNumber: null });
    expect((await get(`/api/v1/assets/${r.body.entityId}/twin`)).body.records[0].recordKey).toBe('k3');
  });

  it('reconciles existing devices again when precedence changes', async () => {
    await post('/api/v1/sources', { key: 'edr-rr', name: 'EDR', type: 'edr' }, t.tokens.admin);
    await post('/api/v1/observations', [
      laptop('rr1', 'SN-RR1', { osVersion: '11' }),
      { ...laptop('rr1e', 'SN-RR1'), source: 'edr-rr', attributes: { osVersion: '11.9' } },
    ]);
    const read = async () =>
      (
        await post(
          '/api/v1/assets/search',
          { filters: [{ field: 'serialNumber', op: 'eq', value: 'SN-RR1' }] },
          t.tokens.viewer,
        )
      ).body.items[0].osVersion;
    const settings = (body: unknown) =>
      api(s.url, 'PUT', '/api/v1/ingestion/settings', { token: t.tokens.admin, body });
    await settings({ precedence: { os: ['edr', 'mdm'] } });
    await expect.poll(read, { timeout: 15_000, interval: 200 }).toBe('11.9');
    const put = await settings({});
    expect(put.body.precedence.os[0]).toBe('mdm');
    await expect.poll(read, { timeout: 15_000, interval: 200 }).toBe('11');
  });

  it('keeps free-text search in step with observed changes', async () => {
    await post('/api/v1/observations', [laptop('s1', 'SN-S1', { hostname: 'old-name-host' })]);
    const find = async (q: string) =>
      (await post('/api/v1/assets/search', { search: q }, t.tokens.viewer)).body.items.map(
        (a: { serialNumber: string }) => a.serialNumber,
      );
    expect(await find('old-name')).toEqual(['SN-S1']);
    await post('/api/v1/observations', [
      {
        ...laptop('s1', 'SN-S1', { hostname: 'new-name-host' }),
        observedAt: new Date(Date.now() + 1000).toISOString(),
      },
    ]);
    expect(await find('old-name')).toEqual([]);
    expect(await find('new-name')).toEqual(['SN-S1']);
    expect(await find('thinkpad')).toContain('SN-S1');
  });

  it('keeps a device’s identity and history when it moves from one MDM to another', async () => {
    await post('/api/v1/sources', { key: 'mdm2', name: 'Intune', type: 'mdm' }, t.tokens.admin);
    const first = await post('/api/v1/observations', [laptop('mv-1', 'SN-MOVE', { osVersion: '10' })]);
    const id = first.body.items[0].entityId;
    await post('/api/v1/observations', [
      { ...laptop('mv-1', 'SN-MOVE'), deleted: true, observedAt: new Date(Date.now() + 1000).toISOString() },
    ]);
    const moved = await post('/api/v1/observations', [
      {
        ...laptop('intune-77', 'SN-MOVE', { osVersion: '11' }),
        source: 'mdm2',
        observedAt: new Date(Date.now() + 2000).toISOString(),
      },
    ]);
    expect(moved.body.items[0]).toMatchObject({ status: 'linked', entityId: id });
    const twin = (await get(`/api/v1/assets/${id}/twin`)).body;
    expect(twin.orphaned).toBe(false);
    expect(
      twin.records.map((r: { source: { key: string }; missingSince: string | null }) => [
        r.source.key,
        r.missingSince !== null,
      ]),
    ).toEqual([
      ['mdm1', true],
      ['mdm2', false],
    ]);
    expect((await get(`/api/v1/assets/${id}`)).body.osVersion).toBe('11');
    const actions = (await get(`/api/v1/assets/${id}/timeline`)).body.items.map(
      (e: { action: string }) => e.action,
    );
    expect(actions).toEqual(['asset.updated', 'asset.flagged', 'asset.created']);
  });

  it('fills custom fields from a source, checked against their definitions, an admin’s edit first', async () => {
    const field = await post(
      '/api/v1/custom-fields',
      { key: 'cf_jamf_site', label: 'Jamf site', type: 'enum', values: ['Paris', 'Lyon'] },
      t.tokens.admin,
    );
    expect(field.status, JSON.stringify(field.body)).toBe(201);
    const r = await post('/api/v1/observations', [
      laptop('cf1', 'SN-CF1', { cf_jamf_site: 'Paris' }),
      laptop('cf2', 'SN-CF2', { cf_jamf_site: 'Berlin' }),
      laptop('cf3', 'SN-CF3', { cf_nothing: 'x' }),
    ]);
    expect(r.body.items.map((i: { status: string }) => i.status)).toEqual([
      'created',
      'rejected',
      'rejected',
    ]);
    expect(r.body.items[1].errors[0]).toEqual({
      path: 'body[1].attributes.cf_jamf_site',
      reason: 'must be one of Paris, Lyon',
    });
    expect(r.body.items[2].errors[0].reason).toBe('no such custom field for assets');
    const id = r.body.items[0].entityId;
    expect((await get(`/api/v1/assets/${id}`)).body.custom).toEqual({ cf_jamf_site: 'Paris' });
    const version = (await get(`/api/v1/assets/${id}`)).body.version;
    await api(s.url, 'PATCH', `/api/v1/assets/${id}`, {
      token: t.tokens.operator,
      body: { custom: { cf_jamf_site: 'Lyon' }, version },
    });
    await post('/api/v1/observations', [
      {
        ...laptop('cf1', 'SN-CF1', { cf_jamf_site: 'Paris', osVersion: '12' }),
        observedAt: new Date(Date.now() + 1000).toISOString(),
      },
    ]);
    const after = (await get(`/api/v1/assets/${id}`)).body;
    expect(after).toMatchObject({ osVersion: '12', custom: { cf_jamf_site: 'Lyon' } });
    expect(
      (await get(`/api/v1/assets/${id}/twin`)).body.conflicts.cf_jamf_site.map(
        (c: { value: string }) => c.value,
      ),
    ).toEqual(['Lyon', 'Paris']);
  });

  it('checks roles and keeps tenants apart', async () => {
    expect((await post('/api/v1/observations', [laptop('v', 'SN-V')], t.tokens.viewer)).status).toBe(403);
    expect(
      (await post('/api/v1/sources', { key: 'x', name: 'x', type: 'api' }, t.tokens.operator)).status,
    ).toBe(403);
    expect(
      (await api(s.url, 'PUT', '/api/v1/ingestion/settings', { token: t.tokens.operator, body: {} })).status,
    ).toBe(403);
    // Another tenant does not see this tenant's sources, records or twins, and cannot post to its source.
    expect((await get('/api/v1/sources', other.tokens.viewer)).body.items).toEqual([]);
    const rejected = await post('/api/v1/observations', [laptop('o', 'SN-O')], other.tokens.operator);
    expect(rejected.body.items[0].errors[0].reason).toBe('no source mdm1 is registered');
    const [a] = (
      await post(
        '/api/v1/assets/search',
        { filters: [{ field: 'serialNumber', op: 'eq', value: 'SN-G' }] },
        t.tokens.viewer,
      )
    ).body.items;
    expect((await get(`/api/v1/assets/${a.id}/twin`, other.tokens.viewer)).status).toBe(404);
    expect((await get('/api/v1/review-items', other.tokens.viewer)).body.items).toEqual([]);
    const badCursor = await get('/api/v1/review-items?cursor=garbage');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.details[0]).toMatchObject({
      path: 'query.cursor',
      reason: 'not a cursor from this API',
    });
    expect((await get('/api/v1/sources/mdm1', other.tokens.viewer)).status).toBe(404);
  });
});
