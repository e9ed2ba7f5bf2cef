// What the foundation must show: every kind of bad request gets the right 4xx, in the one JSON
// error shape, and writes nothing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from './test/server.js';
import { describeEachDialect } from './test/stores.js';

function expectErrorShape(body: unknown, code: string): void {
  expect(body).toMatchObject({ error: { code, message: expect.any(String), details: expect.any(Array) } });
}

describeEachDialect('request safety', (dialect) => {
  let s: TestServer;
  let a: SeededTenant;
  let b: SeededTenant;

  async function tokenCount(): Promise<number> {
    const r = await s.steward.store.db
      .selectFrom('api_tokens')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
  async function auditCount(): Promise<number> {
    const r = await s.steward.store.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
  async function expectNoWrites(action: () => Promise<void>): Promise<void> {
    const before = [await tokenCount(), await auditCount()];
    await action();
    expect([await tokenCount(), await auditCount()]).toEqual(before);
  }

  beforeAll(async () => {
    s = await startTestServer(dialect);
    a = await seedTenant(s.steward, 'tenant-a');
    b = await seedTenant(s.steward, 'tenant-b');
  });
  afterAll(async () => s.stop());

  it('answers malformed JSON with 400 invalid_json', async () => {
    await expectNoWrites(async () => {
      const r = await api(s.url, 'POST', '/api/v1/tokens', {
        token: a.tokens.admin,
        rawBody: '{"name": "x", ',
      });
      expect(r.status).toBe(400);
      expectErrorShape(r.body, 'invalid_json');
    });
  });

  it('answers a wrong type with 400 naming the field', async () => {
    await expectNoWrites(async () => {
      const r = await api(s.url, 'POST', '/api/v1/tokens', {
        token: a.tokens.admin,
        body: { name: 42, role: 'viewer' },
      });
      expect(r.status).toBe(400);
      expectErrorShape(r.body, 'validation_failed');
      expect(r.body.error.details).toEqual([{ path: 'body.name', reason: expect.stringMatching(/string/i) }]);
    });
  });

  it('answers an unknown field with 400 naming it', async () => {
    await expectNoWrites(async () => {
      const r = await api(s.url, 'POST', '/api/v1/tokens', {
        token: a.tokens.admin,
        body: { name: 'ci', role: 'viewer', scopes: ['all'] },
      });
      expect(r.status).toBe(400);
      expect(r.body.error.details).toEqual([{ path: 'body.scopes', reason: 'unknown field' }]);
    });
  });

  it('answers a bad enum and a bad query parameter with 400', async () => {
    const r = await api(s.url, 'POST', '/api/v1/tokens', {
      token: a.tokens.admin,
      body: { name: 'x', role: 'god' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe('body.role');
    const q = await api(s.url, 'GET', '/api/v1/audit?limit=0', { token: a.tokens.admin });
    expect(q.status).toBe(400);
    expect(q.body.error.details[0].path).toBe('query.limit');
  });

  it('answers a missing or malformed token with 401', async () => {
    await expectNoWrites(async () => {
      const none = await api(s.url, 'POST', '/api/v1/tokens', { body: { name: 'x', role: 'viewer' } });
      expect(none.status).toBe(401);
      expectErrorShape(none.body, 'unauthenticated');
      const wrong = await api(s.url, 'GET', '/api/v1/tokens', { token: 'stw_not-a-real-token' });
      expect(wrong.status).toBe(401);
      const basic = await api(s.url, 'GET', '/api/v1/tokens', { headers: { authorization: 'Basic abc' } });
      expect(basic.status).toBe(401);
    });
  });

  it('answers a revoked token and an expired token with 401', async () => {
    const created = await api(s.url, 'POST', '/api/v1/tokens', {
      token: a.tokens.admin,
      body: { name: 'short-lived', role: 'viewer' },
    });
    const secret: string = created.body.secret;
    expect((await api(s.url, 'GET', '/api/v1/tenant', { token: secret })).status).toBe(200);
    await api(s.url, 'DELETE', `/api/v1/tokens/${created.body.token.id}`, { token: a.tokens.admin });
    const revoked = await api(s.url, 'GET', '/api/v1/tenant', { token: secret });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.message).toMatch(/revoked/);

    const soon = new Date(Date.now() + 1_500).toISOString();
    const expiring = await api(s.url, 'POST', '/api/v1/tokens', {
      token: a.tokens.admin,
      body: { name: 'expiring', role: 'viewer', expiresAt: soon },
    });
    expect(expiring.status).toBe(201);
    expect((await api(s.url, 'GET', '/api/v1/tenant', { token: expiring.body.secret })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_600));
    const expired = await api(s.url, 'GET', '/api/v1/tenant', { token: expiring.body.secret });
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toMatch(/expired/);
  });

  it('answers a viewer (and an operator) attempting an admin write with 403', async () => {
    await expectNoWrites(async () => {
      for (const role of ['viewer', 'operator'] as const) {
        const r = await api(s.url, 'POST', '/api/v1/tokens', {
          token: a.tokens[role],
          body: { name: 'x', role: 'viewer' },
        });
        expect(r.status).toBe(403);
        expectErrorShape(r.body, 'forbidden');
      }
      const del = await api(s.url, 'DELETE', `/api/v1/users/${a.users.admin.id}`, { token: a.tokens.viewer });
      expect(del.status).toBe(403);
    });
  });

  it('never lets a token create a token more powerful than its own role', async () => {
    await expectNoWrites(async () => {
      const r = await api(s.url, 'POST', '/api/v1/tokens', {
        token: a.tokens.admin,
        body: { name: 'x', role: 'owner' },
      });
      expect(r.status).toBe(403);
    });
  });

  it("answers 404 when tenant A asks for tenant B's objects, and B's data stays intact", async () => {
    const bTokens = await api(s.url, 'GET', '/api/v1/tokens', { token: b.tokens.admin });
    const bTokenId: string = bTokens.body.items[0].id;
    await expectNoWrites(async () => {
      const revoke = await api(s.url, 'DELETE', `/api/v1/tokens/${bTokenId}`, { token: a.tokens.owner });
      expect(revoke.status).toBe(404);
      expectErrorShape(revoke.body, 'not_found');
      const patch = await api(s.url, 'PATCH', `/api/v1/users/${b.users.viewer.id}`, {
        token: a.tokens.owner,
        body: { role: 'admin' },
      });
      expect(patch.status).toBe(404);
      const remove = await api(s.url, 'DELETE', `/api/v1/users/${b.users.viewer.id}`, {
        token: a.tokens.owner,
      });
      expect(remove.status).toBe(404);
    });
    const aList = await api(s.url, 'GET', '/api/v1/tokens', { token: a.tokens.admin });
    expect(aList.body.items.map((t: { id: string }) => t.id)).not.toContain(bTokenId);
    const aUsers = await api(s.url, 'GET', '/api/v1/users', { token: a.tokens.admin });
    expect(
      aUsers.body.items
        .map((u: { email: string }) => u.email)
        .every((e: string) => e.endsWith('tenant-a.example.com')),
    ).toBe(true);
    const aAudit = await api(s.url, 'GET', '/api/v1/audit?limit=500', { token: a.tokens.admin });
    expect(aAudit.body.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(aAudit.body)).not.toContain('tenant-b');
    const stillThere = await api(s.url, 'GET', '/api/v1/tenant', { token: b.tokens.viewer });
    expect(stillThere.body.slug).toBe('tenant-b');
  });

  it('answers an unknown route with the JSON error shape', async () => {
    const r = await api(s.url, 'GET', '/api/v1/nope', { token: a.tokens.admin });
    expect(r.status).toBe(404);
    expectErrorShape(r.body, 'not_found');
  });

  it('echoes a request id, and never returns a token secret or hash after creation', async () => {
    const r = await api(s.url, 'GET', '/api/v1/tokens', {
      token: a.tokens.admin,
      headers: { 'x-request-id': 'req-abc-123' },
    });
    expect(r.headers.get('x-request-id')).toBe('req-abc-123');
    const text = JSON.stringify(r.body);
    expect(text).not.toContain(a.tokens.admin);
    expect(text).not.toMatch(/hash/i);
  });
});
