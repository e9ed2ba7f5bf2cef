import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureTenant } from '../tenants/index.js';
import { api, seedTenant, startTestServer, type TestServer } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';
import { seedDemoFleet } from './seed.js';
import { observeKnownEntities } from '../ingestion/index.js';

describeEachDialect('demo fleet', (dialect) => {
  let s: TestServer;
  let token: string;
  let twinToken: string;

  beforeAll(async () => {
    s = await startTestServer(dialect);
    const t = await seedTenant(s.steward, 'demo');
    token = t.tokens.viewer;
    const tenant = await ensureTenant(s.steward.store.db, s.steward.clock, 'demo', 'x');
    const deps = {
      db: s.steward.store.db,
      clock: s.steward.clock,
      bus: s.steward.bus,
      dialect: s.steward.store.dialect,
      publicUrl: () => s.url,
    };
    const wired = { ...deps, observe: observeKnownEntities(deps) };
    await seedDemoFleet(wired, tenant.id, { people: 30, devices: 120, accessories: 10 });
    const twin = await seedTenant(s.steward, 'demo-twin');
    twinToken = twin.tokens.viewer;
    await seedDemoFleet(wired, twin.id, { people: 30, devices: 120, accessories: 10 });
  }, 240_000);
  afterAll(async () => s.stop());

  it('fills every lifecycle state through the real services, with people holding devices', async () => {
    const counts = (await api(s.url, 'GET', '/api/v1/assets/counts', { token })).body;
    expect(counts.total).toBeGreaterThan(130);
    expect(counts.byLifecycleState.ordered).toBeGreaterThan(0);
    expect(counts.byLifecycleState.received).toBeGreaterThan(0);
    const orders = await api(s.url, 'GET', '/api/v1/purchase-orders', { token });
    expect(orders.body.items.length).toBeGreaterThanOrEqual(2);
    const populated = Object.entries(counts.byLifecycleState)
      .filter(([, n]) => (n as number) > 0)
      .map(([k]) => k);
    expect(populated).toEqual(
      expect.arrayContaining(['deployed', 'in_stock', 'retired', 'ordered', 'received']),
    );
    expect(counts.byLifecycleState.deployed).toBeGreaterThan(60);
    const assigned = await api(s.url, 'POST', '/api/v1/assets/search', {
      token,
      body: { filters: [{ field: 'assignedPersonId', op: 'exists', value: true }], count: true, limit: 1 },
    });
    expect(assigned.body.total).toBeGreaterThan(60);
    const people = await api(s.url, 'GET', '/api/v1/people?limit=500', { token });
    expect(people.body.items).toHaveLength(30 + 0);
    const audit = await api(s.url, 'GET', `/api/v1/assets/${assigned.body.items[0].id}/timeline`, { token });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain('asset.created');
  });

  it('is the same fleet every time (deterministic)', async () => {
    const page = (tok: string) =>
      api(s.url, 'POST', '/api/v1/assets/search', {
        token: tok,
        body: {
          sort: { field: 'assetTag', direction: 'asc' },
          limit: 200,
          fields: ['assetTag', 'serialNumber', 'model', 'lifecycleState'],
        },
      });
    // Ordered units have no asset tag and may be created concurrently: compare as a sorted set.
    const strip = (items: Record<string, unknown>[]) =>
      items
        .map(({ assetTag, serialNumber, model, lifecycleState }) => ({
          assetTag,
          serialNumber,
          model,
          lifecycleState,
        }))
        .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    const a = strip((await page(token)).body.items);
    const b = strip((await page(twinToken)).body.items);
    expect(a.length).toBeGreaterThan(130);
    expect(b).toEqual(a);
  });
});
