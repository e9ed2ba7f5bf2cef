import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from './test/server.js';

describe('logging', () => {
  let s: TestServer;
  let t: SeededTenant;
  let logs = '';

  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on('data', (d: Buffer) => (logs += d.toString()));
    s = await startTestServer('sqlite', { logLevel: 'trace' }, { logger: true, logStream: stream });
    t = await seedTenant(s.steward, 'acme');
  });
  afterAll(async () => s.stop());

  it('logs each request with its request id and never a password, token or cookie', async () => {
    const login = await api(s.url, 'POST', '/api/v1/auth/login', {
      body: { email: t.users.admin.email, password: t.users.admin.password },
      headers: { 'x-request-id': 'trace-me-1' },
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const created = await api(s.url, 'POST', '/api/v1/tokens', {
      token: t.tokens.admin,
      body: { name: 'ci', role: 'viewer' },
    });
    await api(s.url, 'GET', '/api/v1/tokens', { headers: { cookie } });
    await api(s.url, 'POST', '/api/v1/auth/login', {
      body: { email: t.users.admin.email, password: 'wrong-password-guess' },
    });
    await new Promise((r) => setTimeout(r, 50));

    expect(logs).toContain('"reqId":"trace-me-1"');
    for (const secret of [
      t.users.admin.password,
      'wrong-password-guess',
      t.tokens.admin,
      created.body.secret,
      cookie.split('=')[1]!,
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});
