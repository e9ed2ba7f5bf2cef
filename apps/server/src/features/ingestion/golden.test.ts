import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';
import { EXPECTED_DEVICES, goldenBatches } from './golden.fixtures.js';

interface Item {
  index: number;
  status: string;
  entityId?: string | null;
}

describeEachDialect('ingestion: the golden scenario', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;
  const batches = goldenBatches(Date.now());
  const results: Record<string, Item[]> = {};
  const events: { subject: string; data: Record<string, unknown> }[] = [];

  const post = (path: string, body: unknown, token = t.tokens.operator) =>
    api(s.url, 'POST', path, { token, body });
  const get = (path: string, token = t.tokens.viewer) => api(s.url, 'GET', path, { token });

  beforeAll(async () => {
    s = await startTestServer(dialect);
    t = await seedTenant(s.steward, 'acme');
    await s.steward.bus.subscribe(`tenant.${t.id}.>`, (m) => {
      events.push({ subject: m.subject, data: m.data as Record<string, unknown> });
    });
    for (const [key, type] of [
      ['jamf', 'mdm'],
      ['falcon', 'edr'],
      ['okta', 'directory'],
    ]) {
      const r = await post('/api/v1/sources', { key, name: key, type }, t.tokens.admin);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    for (const name of ['jamf', 'crowdstrike', 'okta'] as const) {
      const r = await post('/api/v1/observations', batches[name]);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      results[name] = r.body.items;
    }
  });
  afterAll(async () => s.stop());

  async function devices() {
    const r = await post('/api/v1/assets/search', { limit: 100 }, t.tokens.viewer);
    expect(r.status).toBe(200);
    return r.body.items as Record<string, unknown>[];
  }

  async function recordsOf(id: string): Promise<string[]> {
    const twin = await get(`/api/v1/assets/${id}/twin`);
    expect(twin.status).toBe(200);
    return (twin.body.records as { source: { key: string }; recordKey: string }[])
      .map((r) => `${r.source.key}:${r.recordKey}`)
      .sort();
  }

  it('says per item what happened', () => {
    expect(results.jamf!.map((i) => i.status)).toEqual([
      'created',
      'created',
      'created',
      'created',
      'linked',
    ]);
    expect(results.crowdstrike!.map((i) => i.status)).toEqual([
      'linked', // no serial: joined by its MAC in another spelling
      'linked', // junk serial and shared dock MAC ignored; its own MAC decides
      'linked', // by serial, lower-case in the source
      'created',
      'created', // same junk serial as the one before: still a different desktop
      'review', // matches two laptops: never merged silently
    ]);
    expect(results.okta!.map((i) => i.status)).toEqual(['created', 'created']);
    // The re-enrolled iPad's second record joins the first one's device.
    expect(results.jamf![4]!.entityId).toBe(results.jamf![3]!.entityId);
  });

  it('produces exactly the expected twins', async () => {
    const items = await devices();
    const got = await Promise.all(
      items.map(async (d) => ({
        key: String(d.serialNumber ?? d.hostname),
        serialNumber: d.serialNumber,
        hostname: d.hostname,
        name: d.name,
        osVersion: d.osVersion,
        edrHealthy: d.edrHealthy,
        diskEncrypted: d.diskEncrypted,
        sources: await recordsOf(String(d.id)),
      })),
    );
    expect(got.sort((a, b) => a.key.localeCompare(b.key))).toEqual(EXPECTED_DEVICES);
    // Found by an MDM or an EDR, they are in use.
    expect(new Set(items.map((d) => d.lifecycleState))).toEqual(new Set(['deployed']));
  });

  it('shows where each value came from, and the stale source’s disagreement as a conflict', async () => {
    const cy = (await devices()).find((d) => d.serialNumber === 'C02ABC003')!;
    const twin = (await get(`/api/v1/assets/${String(cy.id)}/twin`)).body;
    expect(twin.provenance.osVersion).toMatchObject({ value: '14.6', sourceType: 'edr' });
    expect(twin.provenance.model).toMatchObject({ value: 'MacBook Pro 16', sourceType: 'mdm', stale: true });
    expect(
      twin.conflicts.osVersion.map((c: { value: string; stale: boolean }) => [c.value, c.stale]),
    ).toEqual([
      ['14.6', false],
      ['13.6', true],
    ]);
    const raw = twin.records.find((r: { source: { key: string } }) => r.source.key === 'jamf');
    expect(raw).toMatchObject({ recordKey: '103', attributes: { osVersion: '13.6' } });
  });

  it('queues the ambiguous host for review with the evidence', async () => {
    const r = await get('/api/v1/review-items');
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(1);
    const item = r.body.items[0];
    expect(item.record).toMatchObject({ source: 'falcon', recordKey: 'cs-fff' });
    expect(item.reason).toContain('mac');
    const laptops = (await devices()).filter((d) =>
      ['C02ABC001', 'C02ABC002'].includes(String(d.serialNumber)),
    );
    expect(item.candidates.map((c: { entityId: string }) => c.entityId).sort()).toEqual(
      laptops.map((d) => d.id).sort(),
    );
    // The randomised address was reported as unusable, not matched on.
    const fff = results.crowdstrike![5] as Item & { warnings?: { raw: string; reason: string }[] };
    expect(fff.warnings?.[0]).toMatchObject({
      raw: 'da:a1:19:00:00:01',
      reason: expect.stringContaining('locally administered'),
    });
  });

  it('lets an admin link a queued record to one candidate, once', async () => {
    const [item] = (await get('/api/v1/review-items')).body.items;
    const ada = (await devices()).find((d) => d.serialNumber === 'C02ABC001')!;
    const path = `/api/v1/review-items/${item.id}/resolve`;
    expect((await post(path, { action: 'link', entityId: ada.id }, t.tokens.operator)).status).toBe(403);
    const notCandidate = await post(path, { action: 'link', entityId: 'nope' }, t.tokens.admin);
    expect(notCandidate.status).toBe(400);
    expect(notCandidate.body.error.details[0].path).toBe('body.entityId');
    const r = await post(path, { action: 'link', entityId: ada.id }, t.tokens.admin);
    expect(r.body).toMatchObject({ status: 'linked', entityId: ada.id });
    expect(await recordsOf(String(ada.id))).toEqual(['falcon:cs-aaa', 'falcon:cs-fff', 'jamf:101']);
    expect((await post(path, { action: 'keep_apart' }, t.tokens.admin)).status).toBe(409);
    expect((await get('/api/v1/review-items')).body.items).toEqual([]);
    expect((await get('/api/v1/review-items?status=linked')).body.items).toHaveLength(1);
    // Seen again unchanged, the linked record stays where the admin put it.
    const again = await post('/api/v1/observations', [batches.crowdstrike[5]]);
    expect(again.body.items[0]).toMatchObject({ status: 'unchanged', entityId: ada.id });
  });

  it('keeps a renamed person as the same person', async () => {
    const before = await get('/api/v1/people?q=jane');
    expect(before.body.items).toHaveLength(1);
    const jane = before.body.items[0];
    expect(jane).toMatchObject({
      name: 'Jane Smith',
      email: 'jane.smith@acme.example.com',
      employeeId: 'E100',
    });
    const r = await post('/api/v1/observations', batches.oktaRename);
    expect(r.body.items[0]).toMatchObject({ status: 'updated', entityId: jane.id });
    const after = await get(`/api/v1/people/${jane.id}`);
    expect(after.body).toMatchObject({ name: 'Jane Doe', email: 'jane.doe@acme.example.com' });
    expect((await get('/api/v1/people?count=true')).body.items).toHaveLength(2);
  });

  it('skips an unchanged batch entirely', async () => {
    const auditBefore = (await get('/api/v1/audit?limit=200', t.tokens.admin)).body.items.length;
    const r = await post('/api/v1/observations', batches.jamf);
    expect(r.body.counts).toMatchObject({ unchanged: 5, created: 0, updated: 0, linked: 0 });
    expect((await get('/api/v1/audit?limit=200', t.tokens.admin)).body.items.length).toBe(auditBefore);
  });

  it('audits and publishes each change with its diff and source', async () => {
    const created = events.find(
      (e) => e.subject === `tenant.${t.id}.asset.created` && e.data.source === 'jamf',
    );
    expect(created?.data.changes).toMatchObject({ serialNumber: { before: null, after: 'C02ABC001' } });
    const linked = events.find(
      (e) =>
        e.subject === `tenant.${t.id}.asset.updated` &&
        e.data.source === 'falcon' &&
        e.data.assetId === created?.data.assetId,
    );
    expect(linked?.data.changes).toMatchObject({ edrHealthy: { before: null, after: true } });
    const timeline = await get(`/api/v1/assets/${String(created?.data.assetId)}/timeline`);
    expect(
      timeline.body.items.map((e: { action: string; actor: { name: string } }) => [e.action, e.actor.name]),
    ).toEqual([
      ['review.linked', 'admin token'],
      ['asset.updated', 'falcon'],
      ['asset.created', 'jamf'],
    ]);
  });
});
