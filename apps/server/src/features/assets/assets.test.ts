import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';

describeEachDialect('assets: records and lifecycle', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;
  let other: SeededTenant;

  const post = (path: string, body: unknown, token = t.tokens.operator) =>
    api(s.url, 'POST', path, { token, body });
  async function newDevice(extra: Record<string, unknown> = {}) {
    const r = await post('/api/v1/assets', {
      kind: 'device',
      deviceType: 'laptop',
      name: 'MBP',
      serialNumber: ` c02x${Math.random().toString(36).slice(2, 8)} `,
      ...extra,
    });
    expect(r.status).toBe(201);
    return r.body;
  }
  async function upload(assetId: string, kind: string, token = t.tokens.operator) {
    return fetch(`${s.url}/api/v1/assets/${assetId}/attachments?kind=${kind}&filename=cert.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' },
      body: Buffer.from('%PDF-1.4 certificate'),
    });
  }

  beforeAll(async () => {
    s = await startTestServer(dialect);
    t = await seedTenant(s.steward, 'acme');
    other = await seedTenant(s.steward, 'globex');
  });
  afterAll(async () => s.stop());

  it('creates an asset with normalised canonical attributes, tags and a version', async () => {
    const a = await newDevice({
      assetTag: 'A-0001',
      osName: 'macOS',
      osVersion: '14.4.1',
      diskEncrypted: true,
      purchasePrice: 2499.5,
      purchaseDate: '2025-03-01',
      tags: ['design', 'loaner-pool'],
    });
    expect(a).toMatchObject({
      kind: 'device',
      lifecycleState: 'in_stock',
      legalHold: false,
      diskEncrypted: true,
      purchasePrice: 2499.5,
      tags: ['design', 'loaner-pool'],
      version: 1,
    });
    expect(a.serialNumber).toMatch(/^C02X[A-Z0-9]+$/);
    const got = await api(s.url, 'GET', `/api/v1/assets/${a.id}`, { token: t.tokens.viewer });
    expect(got.body).toEqual(a);
  });

  it('validates writes field by field and writes nothing on error', async () => {
    const r = await post('/api/v1/assets', {
      kind: 'device',
      deviceType: 'toaster',
      purchaseDate: '2025-13-01',
      diskEncrypted: 'yes',
      wheels: 4,
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'body.deviceType',
      'body.diskEncrypted',
      'body.purchaseDate',
      'body.wheels',
    ]);
    const managed = await post('/api/v1/assets', { kind: 'device', lifecycleState: 'disposed' });
    expect(managed.status).toBe(400);
    const legal = await post('/api/v1/assets', { kind: 'device', legalHold: true });
    expect(legal.status).toBe(400);
    expect(legal.body.error.details[0]).toEqual({ path: 'body.legalHold', reason: 'unknown field' });
  });

  it('refuses a duplicate asset tag with 409', async () => {
    await newDevice({ assetTag: 'DUP-1' });
    const r = await post('/api/v1/assets', { kind: 'device', assetTag: 'DUP-1' });
    expect(r.status).toBe(409);
    expect(r.body.error.details[0].path).toBe('body.assetTag');
  });

  it('edits with optimistic concurrency and audits the diff', async () => {
    const a = await newDevice();
    const ok = await api(s.url, 'PATCH', `/api/v1/assets/${a.id}`, {
      token: t.tokens.operator,
      body: { osVersion: '15.0', version: 1 },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ osVersion: '15.0', version: 2 });
    const stale = await api(s.url, 'PATCH', `/api/v1/assets/${a.id}`, {
      token: t.tokens.operator,
      body: { osVersion: '15.1', version: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    const cleared = await api(s.url, 'PATCH', `/api/v1/assets/${a.id}`, {
      token: t.tokens.operator,
      body: { osVersion: null },
    });
    expect(cleared.body.osVersion).toBeNull();
    const timeline = await api(s.url, 'GET', `/api/v1/assets/${a.id}/timeline`, { token: t.tokens.viewer });
    expect(timeline.body.items.map((e: { action: string }) => e.action)).toEqual([
      'asset.updated',
      'asset.updated',
      'asset.created',
    ]);
    expect(timeline.body.items[1].changes).toMatchObject({
      osVersion: { before: null, after: '15.0' },
      version: { before: 1, after: 2 },
    });
  });

  it('walks the lifecycle and answers an illegal transition with 409 naming the allowed states', async () => {
    const a = await newDevice();
    const bad = await post(`/api/v1/assets/${a.id}/transition`, {
      to: 'disposed',
      reason: 'skip ahead',
      disposalMethod: 'recycled',
    });
    expect(bad.status).toBe(409);
    expect(bad.body.error.code).toBe('illegal_transition');
    expect(bad.body.error.message).toContain('deployed, in_repair, lost, stolen, retired');
    for (const to of ['deployed', 'in_repair', 'in_stock', 'retired']) {
      const r = await post(`/api/v1/assets/${a.id}/transition`, { to, reason: `to ${to}` });
      expect(r.status).toBe(200);
      expect(r.body.lifecycleState).toBe(to);
    }
    const noMethod = await post(`/api/v1/assets/${a.id}/transition`, {
      to: 'disposed',
      reason: 'end of life',
    });
    expect(noMethod.status).toBe(400);
    expect(noMethod.body.error.details[0].path).toBe('body.disposalMethod');
    const done = await post(`/api/v1/assets/${a.id}/transition`, {
      to: 'disposed',
      reason: 'end of life',
      disposalMethod: 'recycled',
    });
    expect(done.body).toMatchObject({ lifecycleState: 'disposed', disposalMethod: 'recycled' });
    const after = await post(`/api/v1/assets/${a.id}/transition`, { to: 'in_stock', reason: 'undo' });
    expect(after.status).toBe(409);
    const timeline = await api(s.url, 'GET', `/api/v1/assets/${a.id}/timeline`, { token: t.tokens.viewer });
    expect(timeline.body.items[0]).toMatchObject({
      action: 'asset.lifecycle_changed',
      reason: 'end of life',
      actor: { type: 'token' },
    });
  });

  it('refuses destruction without a certificate of destruction, and allows it with one', async () => {
    const a = await newDevice();
    await post(`/api/v1/assets/${a.id}/transition`, { to: 'retired', reason: 'old' });
    const refused = await post(`/api/v1/assets/${a.id}/transition`, {
      to: 'disposed',
      reason: 'shred',
      disposalMethod: 'destroyed',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('certificate_required');
    const invoice = await upload(a.id, 'invoice');
    expect(invoice.status).toBe(201);
    expect(
      (
        await post(`/api/v1/assets/${a.id}/transition`, {
          to: 'disposed',
          reason: 'shred',
          disposalMethod: 'destroyed',
        })
      ).status,
    ).toBe(409);
    expect((await upload(a.id, 'certificate_of_destruction')).status).toBe(201);
    const ok = await post(`/api/v1/assets/${a.id}/transition`, {
      to: 'disposed',
      reason: 'shred',
      disposalMethod: 'destroyed',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.disposalMethod).toBe('destroyed');
  });

  it('under legal hold refuses disposal and deletion, naming the hold; released, both work', async () => {
    const a = await newDevice();
    await post(`/api/v1/assets/${a.id}/transition`, { to: 'retired', reason: 'old' });
    const notAdmin = await api(s.url, 'PUT', `/api/v1/assets/${a.id}/legal-hold`, {
      token: t.tokens.operator,
      body: { hold: true, reason: 'litigation' },
    });
    expect(notAdmin.status).toBe(403);
    const hold = await api(s.url, 'PUT', `/api/v1/assets/${a.id}/legal-hold`, {
      token: t.tokens.admin,
      body: { hold: true, reason: 'litigation 2026-17' },
    });
    expect(hold.body.legalHold).toBe(true);
    const dispose = await post(`/api/v1/assets/${a.id}/transition`, {
      to: 'disposed',
      reason: 'eol',
      disposalMethod: 'recycled',
    });
    expect(dispose.status).toBe(409);
    expect(dispose.body.error).toMatchObject({
      code: 'legal_hold',
      message: expect.stringContaining('legal hold'),
    });
    const del = await api(s.url, 'DELETE', `/api/v1/assets/${a.id}`, { token: t.tokens.admin });
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('legal_hold');
    // Other moves stay possible under hold.
    expect(
      (await post(`/api/v1/assets/${a.id}/transition`, { to: 'in_stock', reason: 'keep for evidence' }))
        .status,
    ).toBe(200);
    await api(s.url, 'PUT', `/api/v1/assets/${a.id}/legal-hold`, {
      token: t.tokens.admin,
      body: { hold: false, reason: 'case closed' },
    });
    expect((await api(s.url, 'DELETE', `/api/v1/assets/${a.id}`, { token: t.tokens.admin })).status).toBe(
      204,
    );
    expect((await api(s.url, 'GET', `/api/v1/assets/${a.id}`, { token: t.tokens.admin })).status).toBe(404);
  });

  it('keeps per-state counts in step with creates, transitions and deletes', async () => {
    const before = (await api(s.url, 'GET', '/api/v1/assets/counts', { token: t.tokens.viewer })).body;
    const a = await newDevice();
    await post(`/api/v1/assets/${a.id}/transition`, { to: 'in_repair', reason: 'screen' });
    const after = (await api(s.url, 'GET', '/api/v1/assets/counts', { token: t.tokens.viewer })).body;
    expect(after.byLifecycleState.in_repair).toBe(before.byLifecycleState.in_repair + 1);
    expect(after.byLifecycleState.in_stock).toBe(before.byLifecycleState.in_stock);
    expect(after.total).toBe(before.total + 1);
    const real = await api(s.url, 'GET', '/api/v1/assets?count=true&limit=1', { token: t.tokens.viewer });
    expect(real.body.total).toBe(after.total);
  });

  it("answers 404 on every asset route for another tenant's asset and changes nothing", async () => {
    const a = await newDevice({ assetTag: 'ISO-1' });
    const tok = other.tokens.owner;
    const calls: [string, string, unknown?][] = [
      ['GET', `/api/v1/assets/${a.id}`],
      ['PATCH', `/api/v1/assets/${a.id}`, { name: 'stolen' }],
      ['DELETE', `/api/v1/assets/${a.id}`],
      ['POST', `/api/v1/assets/${a.id}/transition`, { to: 'deployed', reason: 'x' }],
      ['PUT', `/api/v1/assets/${a.id}/legal-hold`, { hold: true, reason: 'x' }],
      ['PUT', `/api/v1/assets/${a.id}/tags`, { tags: ['x'] }],
      ['POST', `/api/v1/assets/${a.id}/assign`, { locationId: 'x' }],
      ['POST', `/api/v1/assets/${a.id}/unassign`, {}],
      ['GET', `/api/v1/assets/${a.id}/assignments`],
      ['GET', `/api/v1/assets/${a.id}/timeline`],
      ['GET', `/api/v1/assets/${a.id}/attachments`],
    ];
    for (const [method, path, body] of calls) {
      const r = await api(s.url, method, path, { token: tok, ...(body !== undefined ? { body } : {}) });
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    expect((await upload(a.id, 'invoice', tok)).status).toBe(404);
    const list = await api(s.url, 'GET', '/api/v1/assets?limit=1000', { token: tok });
    expect(list.body.items.find((x: { id: string }) => x.id === a.id)).toBeUndefined();
    const same = await api(s.url, 'GET', `/api/v1/assets/${a.id}`, { token: t.tokens.viewer });
    expect(same.body).toMatchObject({ name: 'MBP', version: 1, tags: [] });
  });

  it('lets viewers read but not write', async () => {
    const a = await newDevice();
    expect((await post('/api/v1/assets', { kind: 'device' }, t.tokens.viewer)).status).toBe(403);
    expect(
      (await api(s.url, 'PATCH', `/api/v1/assets/${a.id}`, { token: t.tokens.viewer, body: { name: 'x' } }))
        .status,
    ).toBe(403);
    expect(
      (await post(`/api/v1/assets/${a.id}/transition`, { to: 'deployed', reason: 'x' }, t.tokens.viewer))
        .status,
    ).toBe(403);
    expect((await api(s.url, 'DELETE', `/api/v1/assets/${a.id}`, { token: t.tokens.operator })).status).toBe(
      403,
    );
  });
});
