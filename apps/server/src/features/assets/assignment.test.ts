import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';

describeEachDialect('assignment and acknowledgement', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;
  let jane: string;
  let omar: string;
  let hq: string;

  const post = (path: string, body: unknown, token = t.tokens.operator) =>
    api(s.url, 'POST', path, { token, body });
  const newDevice = async () =>
    (
      await post('/api/v1/assets', {
        kind: 'device',
        name: 'Laptop',
        serialNumber: `S${Math.random().toString(36).slice(2, 9)}`,
      })
    ).body;

  beforeAll(async () => {
    s = await startTestServer(dialect);
    t = await seedTenant(s.steward, 'acme');
    jane = (await post('/api/v1/people', { name: 'Jane Roe', email: 'jane@acme.example.com' })).body.id;
    omar = (await post('/api/v1/people', { name: 'Omar Ali', email: 'omar@acme.example.com' })).body.id;
    hq = (await post('/api/v1/locations', { name: 'HQ' })).body.id;
  });
  afterAll(async () => s.stop());

  it('assigns, deploys from stock, reassigns with history, and unassigns', async () => {
    const a = await newDevice();
    const first = await post(`/api/v1/assets/${a.id}/assign`, {
      personId: jane,
      locationId: hq,
      note: 'new starter',
    });
    expect(first.status).toBe(200);
    expect(first.body.asset).toMatchObject({
      assignedPersonId: jane,
      locationId: hq,
      lifecycleState: 'deployed',
    });
    expect(first.body.acknowledgementUrl).toMatch(/\/acknowledge\/[^/]+\.[A-Za-z0-9_-]+$/);
    await post(`/api/v1/assets/${a.id}/assign`, { personId: omar });
    const un = await post(`/api/v1/assets/${a.id}/unassign`, { note: 'left' });
    expect(un.body.assignedPersonId).toBeNull();
    const history = await api(s.url, 'GET', `/api/v1/assets/${a.id}/assignments`, { token: t.tokens.viewer });
    expect(
      history.body.items.map((x: { personId: string; returnedAt: string | null }) => [
        x.personId,
        x.returnedAt !== null,
      ]),
    ).toEqual([
      [omar, true],
      [jane, true],
    ]);
    const byAssignee = await post('/api/v1/assets/search', { search: 'omar' }, t.tokens.viewer);
    expect(byAssignee.body.items).toHaveLength(0);
  });

  it('refuses references that do not exist and assets that cannot be assigned', async () => {
    const a = await newDevice();
    const missing = await post(`/api/v1/assets/${a.id}/assign`, { personId: 'nobody' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0]).toEqual({ path: 'body.personId', reason: 'no such person' });
    const empty = await post(`/api/v1/assets/${a.id}/assign`, {});
    expect(empty.status).toBe(400);
    await post(`/api/v1/assets/${a.id}/transition`, { to: 'lost', reason: 'left in taxi' });
    expect((await post(`/api/v1/assets/${a.id}/assign`, { personId: jane })).status).toBe(409);
  });

  it('lists loaners past their due date', async () => {
    const a = await newDevice();
    const b = await newDevice();
    await post(`/api/v1/assets/${a.id}/assign`, {
      personId: jane,
      dueAt: new Date(Date.now() - 86_400_000).toISOString(),
    });
    await post(`/api/v1/assets/${b.id}/assign`, {
      personId: omar,
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const overdue = await api(s.url, 'GET', '/api/v1/assignments/overdue', { token: t.tokens.viewer });
    const ids = overdue.body.items.map((x: { assetId: string }) => x.assetId);
    expect(ids).toContain(a.id);
    expect(ids).not.toContain(b.id);
    expect(overdue.body.items.find((x: { assetId: string }) => x.assetId === a.id).overdue).toBe(true);
    await post(`/api/v1/assets/${a.id}/unassign`, {});
    expect(
      (await api(s.url, 'GET', '/api/v1/assignments/overdue', { token: t.tokens.viewer })).body.items.map(
        (x: { assetId: string }) => x.assetId,
      ),
    ).not.toContain(a.id);
  });

  it('lets the assignee acknowledge receipt once, without signing in, even with a session cookie present', async () => {
    const a = await newDevice();
    const r = await post(`/api/v1/assets/${a.id}/assign`, { personId: jane });
    const token = String(r.body.acknowledgementUrl).split('/acknowledge/')[1]!;
    const view = await api(s.url, 'GET', `/api/v1/acknowledgements/${token}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ asset: { name: 'Laptop' }, person: { name: 'Jane Roe' } });
    const forged = await api(
      s.url,
      'POST',
      `/api/v1/acknowledgements/${token.split('.')[0]}.wrongsecretwrongsecret`,
    );
    expect(forged.status).toBe(404);
    const ok = await api(s.url, 'POST', `/api/v1/acknowledgements/${token}`, {
      headers: { cookie: 'steward_session=stale-cookie' },
    });
    expect(ok.status).toBe(204);
    expect((await api(s.url, 'POST', `/api/v1/acknowledgements/${token}`)).status).toBe(404);
    const history = await api(s.url, 'GET', `/api/v1/assets/${a.id}/assignments`, { token: t.tokens.viewer });
    expect(history.body.items[0].acknowledgedAt).not.toBeNull();
    const tl = await api(s.url, 'GET', `/api/v1/assets/${a.id}/timeline`, { token: t.tokens.viewer });
    expect(tl.body.items[0]).toMatchObject({
      action: 'asset.acknowledged',
      actor: { type: 'person', id: jane },
    });
  });
});
