import { afterEach, describe, expect, it } from 'vitest';
import { createTransport } from '../http/transport.js';
import { HttpError } from '../http/errors.js';
import type { TransportEvent } from '../http/transport-types.js';
import { pathOf, sendJson, startTestServer, wait, type TestServer } from '../testing/http-test-server.js';
import { oauth2ClientCredentials, type OAuth2ClientCredentialsOptions } from './oauth2-client-credentials.js';

const SECRET = 'cs-7f3a9-very-secret';

/** A Jamf-like API: `/api/oauth/token` issues numbered tokens; the API accepts only tokens in `valid`. */
async function jamfLike(options: { expiresIn?: number; apiDelayMs?: number } = {}) {
  const state = { issued: 0, valid: new Set<string>(), tokenBodies: [] as URLSearchParams[] };
  const server = await startTestServer(async (req, res) => {
    if (pathOf(req) === '/api/oauth/token') {
      const form = new URLSearchParams(req.body);
      state.tokenBodies.push(form);
      if (form.get('client_secret') !== SECRET && req.headers.authorization === undefined) {
        return sendJson(res, 401, { error: 'invalid_client' });
      }
      const token = `token-${++state.issued}`;
      state.valid.add(token);
      return sendJson(res, 200, {
        access_token: token,
        scope: 'api-role:2',
        token_type: 'Bearer',
        expires_in: options.expiresIn ?? 599,
      });
    }
    await wait(options.apiDelayMs ?? 0);
    const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
    if (!state.valid.has(token)) {
      return sendJson(res, 401, {
        httpStatus: 401,
        errors: [{ code: 'INVALID_TOKEN', description: 'Unauthorized', id: '0', field: null }],
      });
    }
    sendJson(res, 200, { token });
  });
  return { server, state };
}

function setup(server: TestServer, extra: Partial<OAuth2ClientCredentialsOptions> = {}) {
  const events: TransportEvent[] = [];
  const auth = oauth2ClientCredentials({
    tokenUrl: `${server.url}/api/oauth/token`,
    clientId: 'steward',
    clientSecret: SECRET,
    ...extra,
  });
  const http = createTransport({
    baseUrl: server.url,
    auth,
    backoff: { baseMs: 10, maxMs: 50 },
    onEvent: (e) => events.push(e),
  });
  return { http, events };
}

const apiCalls = (server: TestServer) => server.requests.filter((r) => pathOf(r) !== '/api/oauth/token');

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

describe('oauth2ClientCredentials', () => {
  it('fetches one token for 20 concurrent requests, with the credentials in the form body', async () => {
    const { server, state } = await jamfLike({ apiDelayMs: 5 });
    servers.push(server);
    const { http, events } = setup(server);

    const results = await Promise.all(Array.from({ length: 20 }, () => http.request({ path: '/api/v1/x' })));

    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(state.issued).toBe(1);
    const form = state.tokenBodies[0];
    expect(form?.get('grant_type')).toBe('client_credentials');
    expect(form?.get('client_id')).toBe('steward');
    expect(events.filter((e) => e.type === 'token-refreshed')).toEqual([
      { type: 'token-refreshed', reason: 'initial', expiresInSeconds: 599 },
    ]);
  });

  it('sends the client credentials as HTTP Basic when configured so', async () => {
    const { server, state } = await jamfLike();
    servers.push(server);
    const { http } = setup(server, { clientAuthentication: 'basic', scope: ['a', 'b'] });

    await http.request({ path: '/api/v1/x' });

    const tokenRequest = server.requests.find((r) => pathOf(r) === '/api/oauth/token');
    expect(tokenRequest?.headers.authorization).toBe(
      `Basic ${Buffer.from(`steward:${SECRET}`).toString('base64')}`,
    );
    expect(state.tokenBodies[0]?.get('client_secret')).toBeNull();
    expect(state.tokenBodies[0]?.get('scope')).toBe('a b');
  });

  it('refreshes the token skewSeconds before it expires, not after', async () => {
    const { server, state } = await jamfLike({ expiresIn: 599 });
    servers.push(server);
    let clock = 1_700_000_000_000;
    const { http, events } = setup(server, { skewSeconds: 60, now: () => clock });

    await http.request({ path: '/api/v1/x' });
    clock += 538_000; // 61 s of life left: still good
    await http.request({ path: '/api/v1/x' });
    expect(state.issued).toBe(1);

    clock += 2_000; // 59 s left: inside the skew
    const res = await http.request({ path: '/api/v1/x' });
    expect(res.json).toEqual({ token: 'token-2' });
    expect(state.issued).toBe(2);
    expect(apiCalls(server).every((r) => r.headers.authorization !== undefined)).toBe(true);
    expect(
      events.filter((e) => e.type === 'token-refreshed').map((e) => e.type === 'token-refreshed' && e.reason),
    ).toEqual(['initial', 'expiring']);
  });

  it('refreshes a 60 s token at half its life rather than on every request', async () => {
    const { server, state } = await jamfLike({ expiresIn: 60 });
    servers.push(server);
    let clock = 0;
    const { http } = setup(server, { skewSeconds: 60, now: () => clock });

    await http.request({ path: '/api/v1/x' });
    clock += 29_000;
    await http.request({ path: '/api/v1/x' });
    expect(state.issued).toBe(1);
    clock += 2_000;
    await http.request({ path: '/api/v1/x' });
    expect(state.issued).toBe(2);
  });

  it('re-authenticates exactly once when the token dies mid-run, and no request fails', async () => {
    const { server, state } = await jamfLike({ apiDelayMs: 10 });
    servers.push(server);
    const { http, events } = setup(server);

    await Promise.all(Array.from({ length: 10 }, () => http.request({ path: '/api/v1/x' })));
    state.valid.delete('token-1'); // the server revokes it before its announced expiry

    const results = await Promise.all(Array.from({ length: 20 }, () => http.request({ path: '/api/v1/x' })));

    expect(results.map((r) => r.json)).toEqual(Array.from({ length: 20 }, () => ({ token: 'token-2' })));
    expect(state.issued).toBe(2);
    const refreshes = events.filter((e) => e.type === 'token-refreshed');
    expect(refreshes.map((e) => e.type === 'token-refreshed' && e.reason)).toEqual(['initial', 'rejected']);
    expect(events.some((e) => e.type === 'reauthenticated')).toBe(true);
  });

  it('gives up after one re-authentication when the API keeps refusing the new token', async () => {
    const server = await startTestServer((req, res) =>
      pathOf(req) === '/api/oauth/token'
        ? sendJson(res, 200, { access_token: 'never-accepted', expires_in: 599 })
        : sendJson(res, 401, { httpStatus: 401, errors: [{ code: 'INVALID_TOKEN' }] }),
    );
    servers.push(server);
    const { http } = setup(server);

    const error = await http.request({ path: '/api/v1/x' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ code: 'unauthorized', status: 401, vendorCode: 'INVALID_TOKEN' });
    expect(apiCalls(server)).toHaveLength(2);
    expect(String((error as Error).message)).not.toContain('never-accepted');
  });

  it('treats an expiry signalled in the body like a 401', async () => {
    let issued = 0;
    const server = await startTestServer((req, res) => {
      if (pathOf(req) === '/oauth/token')
        return sendJson(res, 200, { access_token: `t${++issued}`, expires_in: 1799 });
      // Mimecast-style: a 200 whose fail[] says the token expired.
      if (req.headers.authorization === 'Bearer t1') {
        return sendJson(res, 200, {
          meta: { status: 200 },
          data: [],
          fail: [{ errors: [{ code: 'token_expired' }] }],
        });
      }
      sendJson(res, 200, { meta: { status: 200 }, data: [{ ok: true }], fail: [] });
    });
    servers.push(server);
    const auth = oauth2ClientCredentials({
      tokenUrl: `${server.url}/oauth/token`,
      clientId: 'id',
      clientSecret: SECRET,
      isExpiredResponse: (_status, body) => JSON.stringify(body).includes('"token_expired"'),
    });
    const http = createTransport({ baseUrl: server.url, auth });

    const res = await http.request({ method: 'POST', path: '/api/x', json: { data: [{}] } });

    expect(res.json).toMatchObject({ data: [{ ok: true }] });
    expect(issued).toBe(2);
  });

  it('fails as unauthorized when the body keeps signalling expiry after a re-authentication', async () => {
    let issued = 0;
    const server = await startTestServer((req, res) =>
      pathOf(req) === '/oauth/token'
        ? sendJson(res, 200, { access_token: `t${++issued}`, expires_in: 1799 })
        : sendJson(res, 200, { data: [], fail: [{ errors: [{ code: 'token_expired' }] }] }),
    );
    servers.push(server);
    const auth = oauth2ClientCredentials({
      tokenUrl: `${server.url}/oauth/token`,
      clientId: 'id',
      clientSecret: SECRET,
      isExpiredResponse: (_status, body) => JSON.stringify(body).includes('"token_expired"'),
    });
    const http = createTransport({ baseUrl: server.url, auth });

    await expect(http.request({ method: 'POST', path: '/api/x', json: {} })).rejects.toMatchObject({
      code: 'unauthorized',
      status: 200,
    });
    expect(issued).toBe(2);
  });

  it('reports a refusing token endpoint clearly, without the client secret', async () => {
    const server = await startTestServer((_req, res) =>
      sendJson(res, 401, {
        error: 'invalid_client',
        error_description: `Client authentication failed (client_secret=${SECRET})`,
      }),
    );
    servers.push(server);
    const { http } = setup(server);

    const error = await http.request({ path: '/api/v1/x' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HttpError);
    const e = error as HttpError;
    expect(e.code).toBe('token_request_failed');
    expect(e.status).toBe(401);
    expect(e.vendorCode).toBe('invalid_client');
    expect(e.message).toContain('answered 401 (invalid_client)');
    expect(JSON.stringify({ ...e, message: e.message, stack: e.stack })).not.toContain(SECRET);
    expect(server.requests).toHaveLength(1); // a refusal is not retried
  });

  it('retries a token endpoint that fails with 5xx, then reports it redacted', async () => {
    const server = await startTestServer((_req, res) =>
      sendJson(res, 503, { detail: `down; secret ${SECRET}` }),
    );
    servers.push(server);
    const auth = oauth2ClientCredentials({
      tokenUrl: `${server.url}/t`,
      clientId: 'id',
      clientSecret: SECRET,
    });
    const http = createTransport({
      baseUrl: server.url,
      auth,
      maxRetries: 2,
      backoff: { baseMs: 5, maxMs: 10 },
    });

    const error = (await http.request({ path: '/x' }).catch((e: unknown) => e)) as HttpError;

    expect(error.code).toBe('token_request_failed');
    expect(error.retryable).toBe(true);
    expect(server.requests).toHaveLength(3);
    expect(error.message).not.toContain(SECRET);
    expect(error.bodySnippet).toContain('[REDACTED]');
  });
});
