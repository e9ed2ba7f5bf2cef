import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';

describeEachDialect('users and roles', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;
  let other: SeededTenant;

  beforeAll(async () => {
    s = await startTestServer(dialect);
    t = await seedTenant(s.steward, 'acme');
    other = await seedTenant(s.steward, 'globex');
  });
  afterAll(async () => s.stop());

  it('lists the members of the tenant with their roles', async () => {
    const r = await api(s.url, 'GET', '/api/v1/users', { token: t.tokens.admin });
    expect(r.status).toBe(200);
    expect(r.body.items.map((u: { role: string }) => u.role).sort()).toEqual([
      'admin',
      'operator',
      'owner',
      'viewer',
    ]);
    expect(JSON.stringify(r.body)).not.toMatch(/password|hash/i);
  });

  it('adds a user, refuses a duplicate with 409, and lets an existing account join a second tenant', async () => {
    const body = {
      email: 'New.Hire@acme.example.com',
      name: 'New Hire',
      role: 'operator',
      password: 'a fine password 1',
    };
    const created = await api(s.url, 'POST', '/api/v1/users', { token: t.tokens.admin, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: 'new.hire@acme.example.com',
      role: 'operator',
      disabled: false,
    });
    const dup = await api(s.url, 'POST', '/api/v1/users', { token: t.tokens.admin, body });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details).toEqual([{ path: 'body.email', reason: 'already a member' }]);
    const joined = await api(s.url, 'POST', '/api/v1/users', {
      token: other.tokens.admin,
      body: { ...body, role: 'viewer' },
    });
    expect(joined.status).toBe(201);
    expect(joined.body.id).toBe(created.body.id);
    expect(joined.body.role).toBe('viewer');
  });

  it('rejects a weak password and a bad email, naming the field', async () => {
    const r = await api(s.url, 'POST', '/api/v1/users', {
      token: t.tokens.admin,
      body: { email: 'not-an-email', name: 'X', role: 'viewer', password: 'short' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'body.email',
      'body.password',
    ]);
  });

  it('lets only an owner grant owner, and an admin cannot touch an owner', async () => {
    const grant = await api(s.url, 'PATCH', `/api/v1/users/${t.users.viewer.id}`, {
      token: t.tokens.admin,
      body: { role: 'owner' },
    });
    expect(grant.status).toBe(403);
    const demoteOwner = await api(s.url, 'PATCH', `/api/v1/users/${t.users.owner.id}`, {
      token: t.tokens.admin,
      body: { role: 'viewer' },
    });
    expect(demoteOwner.status).toBe(403);
    const byOwner = await api(s.url, 'PATCH', `/api/v1/users/${t.users.operator.id}`, {
      token: t.tokens.owner,
      body: { role: 'admin' },
    });
    expect(byOwner.status).toBe(200);
    expect(byOwner.body.role).toBe('admin');
  });

  it('keeps at least one owner', async () => {
    const r = await api(s.url, 'PATCH', `/api/v1/users/${t.users.owner.id}`, {
      token: t.tokens.owner,
      body: { role: 'admin' },
    });
    expect(r.status).toBe(409);
    const del = await api(s.url, 'DELETE', `/api/v1/users/${t.users.owner.id}`, { token: t.tokens.owner });
    expect(del.status).toBe(409);
    const still = await api(s.url, 'GET', '/api/v1/users', { token: t.tokens.owner });
    expect(still.body.items.find((u: { id: string }) => u.id === t.users.owner.id).role).toBe('owner');
  });

  it('records role changes in the audit log with before and after', async () => {
    const r = await api(s.url, 'PATCH', `/api/v1/users/${t.users.viewer.id}`, {
      token: t.tokens.admin,
      body: { role: 'operator' },
      headers: { 'x-request-id': 'role-change-1' },
    });
    expect(r.status).toBe(200);
    const audit = await api(s.url, 'GET', `/api/v1/audit?action=user.updated&targetId=${t.users.viewer.id}`, {
      token: t.tokens.admin,
    });
    expect(audit.body.items[0]).toMatchObject({
      actor: { type: 'token', name: 'admin token' },
      target: { type: 'user', id: t.users.viewer.id },
      changes: { role: { before: 'viewer', after: 'operator' } },
      requestId: 'role-change-1',
    });
  });
});
