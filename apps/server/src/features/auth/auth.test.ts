import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';

function cookieOf(headers: Headers): string {
  const set = headers.get('set-cookie') ?? '';
  return set.split(';')[0]!;
}

describeEachDialect('sessions and login', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;

  async function login(email: string, password: string, ip?: string) {
    return api(s.url, 'POST', '/api/v1/auth/login', {
      body: { email, password },
      ...(ip ? { headers: { 'x-forwarded-for': ip } } : {}),
    });
  }

  beforeAll(async () => {
    s = await startTestServer(dialect, { loginMaxFailures: 3, loginWindowMinutes: 15 });
    t = await seedTenant(s.steward, 'acme');
  });
  afterAll(async () => s.stop());

  it('signs in with an HTTP-only session cookie and reports the session', async () => {
    const r = await login(t.users.admin.email.toUpperCase(), t.users.admin.password);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      user: { email: t.users.admin.email },
      tenant: { slug: 'acme' },
      role: 'admin',
    });
    const setCookie = r.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^steward_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const session = await api(s.url, 'GET', '/api/v1/auth/session', {
      headers: { cookie: cookieOf(r.headers) },
    });
    expect(session.status).toBe(200);
    expect(session.body.csrfToken).toBe(r.body.csrfToken);
  });

  it('requires the CSRF token on writes made with the cookie, but not on reads', async () => {
    const r = await login(t.users.admin.email, t.users.admin.password);
    const cookie = cookieOf(r.headers);
    expect((await api(s.url, 'GET', '/api/v1/tokens', { headers: { cookie } })).status).toBe(200);
    const noCsrf = await api(s.url, 'POST', '/api/v1/tokens', {
      headers: { cookie },
      body: { name: 'ui', role: 'viewer' },
    });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('csrf_failed');
    const wrongCsrf = await api(s.url, 'POST', '/api/v1/tokens', {
      headers: { cookie, 'x-csrf-token': 'guess' },
      body: { name: 'ui', role: 'viewer' },
    });
    expect(wrongCsrf.status).toBe(403);
    const ok = await api(s.url, 'POST', '/api/v1/tokens', {
      headers: { cookie, 'x-csrf-token': r.body.csrfToken },
      body: { name: 'ui', role: 'viewer' },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.token.createdBy).toBe(`user:${t.users.admin.id}`);
  });

  it('rejects a wrong password and an unknown user alike, without saying which', async () => {
    const wrong = await login(t.users.viewer.email, 'not the password');
    const unknown = await login('nobody@acme.example.com', 'not the password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it('rate-limits repeated failures for an email, even with the right password, and says when to retry', async () => {
    const email = t.users.operator.email;
    for (let i = 0; i < 3; i++) expect((await login(email, `wrong ${i}`)).status).toBe(401);
    const limited = await login(email, t.users.operator.password);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other accounts are unaffected by this email's limit.
    expect((await login(t.users.owner.email, t.users.owner.password)).status).toBe(200);
  });

  it('ends the session on logout', async () => {
    const r = await login(t.users.viewer.email, t.users.viewer.password);
    const cookie = cookieOf(r.headers);
    const out = await api(s.url, 'POST', '/api/v1/auth/logout', {
      headers: { cookie, 'x-csrf-token': r.body.csrfToken },
    });
    expect(out.status).toBe(204);
    expect((await api(s.url, 'GET', '/api/v1/auth/session', { headers: { cookie } })).status).toBe(401);
    expect((await api(s.url, 'GET', '/api/v1/tenant', { headers: { cookie } })).status).toBe(401);
  });

  it('changes a password: the old one stops working, the new one works', async () => {
    const fresh = await api(s.url, 'POST', '/api/v1/users', {
      token: t.tokens.admin,
      body: { email: 'pat@acme.example.com', name: 'Pat', role: 'viewer', password: 'first password 123' },
    });
    expect(fresh.status).toBe(201);
    const r = await login('pat@acme.example.com', 'first password 123');
    const headers = { cookie: cookieOf(r.headers), 'x-csrf-token': r.body.csrfToken };
    const bad = await api(s.url, 'POST', '/api/v1/auth/password', {
      headers,
      body: { currentPassword: 'nope', newPassword: 'second password 456' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('body.currentPassword');
    const short = await api(s.url, 'POST', '/api/v1/auth/password', {
      headers,
      body: { currentPassword: 'first password 123', newPassword: 'short' },
    });
    expect(short.status).toBe(400);
    expect(short.body.error.details[0].path).toBe('body.newPassword');
    const ok = await api(s.url, 'POST', '/api/v1/auth/password', {
      headers,
      body: { currentPassword: 'first password 123', newPassword: 'second password 456' },
    });
    expect(ok.status).toBe(204);
    expect((await login('pat@acme.example.com', 'first password 123')).status).toBe(401);
    expect((await login('pat@acme.example.com', 'second password 456')).status).toBe(200);
  });

  it('drops the sessions of a user removed from the tenant', async () => {
    await api(s.url, 'POST', '/api/v1/users', {
      token: t.tokens.admin,
      body: {
        email: 'leaver@acme.example.com',
        name: 'Leaver',
        role: 'viewer',
        password: 'leaver password 1',
      },
    });
    const r = await login('leaver@acme.example.com', 'leaver password 1');
    const cookie = cookieOf(r.headers);
    expect((await api(s.url, 'GET', '/api/v1/tenant', { headers: { cookie } })).status).toBe(200);
    await api(s.url, 'DELETE', `/api/v1/users/${r.body.user.id}`, { token: t.tokens.admin });
    expect((await api(s.url, 'GET', '/api/v1/tenant', { headers: { cookie } })).status).toBe(401);
  });
});
