import { afterAll, describe, expect, it } from 'vitest';
import {
  sendJson,
  startTestServer,
  wait,
  type TestHandler,
  type TestServer,
} from '../testing/http-test-server.js';
import { createTransport } from './transport.js';
import type { TransportEvent, TransportOptions } from './transport-types.js';

// Closed at the end, not after each test: the slow throttling tests run concurrently.
const servers: TestServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function serve(handler: TestHandler, options: Partial<TransportOptions> = {}) {
  const server = await startTestServer(handler);
  servers.push(server);
  const events: TransportEvent[] = [];
  const http = createTransport({ baseUrl: server.url, onEvent: (e) => events.push(e), ...options });
  return { server, http, events };
}

/**
 * An Okta-like server whose quota runs out at the first request: everything that arrives before
 * `deadline` (absolute ms, derived from the headers it sends) gets a 429.
 */
function quotaSpentUntil(headers: (nowMs: number) => { headers: Record<string, string>; deadline: number }) {
  const state = { deadline: 0, sent: {} as Record<string, string>, throttled: 0, arrivals: [] as number[] };
  const handler: TestHandler = (_req, res) => {
    const now = Date.now();
    state.arrivals.push(now);
    if (state.deadline === 0) {
      const answer = headers(now);
      Object.assign(state, { deadline: answer.deadline, sent: answer.headers });
      expect(answer.deadline - now).toBeGreaterThanOrEqual(1000);
    }
    if (now < state.deadline) {
      state.throttled++;
      return sendJson(res, 429, { errorCode: 'E0000047' }, state.sent);
    }
    sendJson(res, 200, { ok: true });
  };
  return { state, handler };
}

async function expectHonoured(
  headers: (nowMs: number) => { headers: Record<string, string>; deadline: number },
  source: string,
) {
  const { state, handler } = quotaSpentUntil(headers);
  let fresh: Promise<unknown> | undefined;
  const { http, events } = await serve(handler, {
    // A request started after the client learnt of the throttling must wait too: the whole instance pauses.
    onEvent: (e) => {
      events.push(e);
      if (e.type === 'throttled') fresh ??= http.request({ path: '/api/v1/groups' });
    },
  });
  const results = await Promise.all(Array.from({ length: 6 }, () => http.request({ path: '/api/v1/users' })));
  await fresh;

  expect(results.every((r) => r.status === 200)).toBe(true);
  // Only the six first attempts (all sent before any answer) were throttled: no retry and not the fresh
  // request came back early, and each retry came after the deadline.
  expect(state.throttled).toBe(6);
  expect(state.arrivals).toHaveLength(13);
  expect(state.arrivals.filter((t) => t >= state.deadline)).toHaveLength(7);
  expect(events).toContainEqual(expect.objectContaining({ type: 'throttled', status: 429, source }));
}

// The epoch headers have one-second resolution: the next whole second plus one is 1 to 2 s away.
const nextSecondPlusOne = (nowMs: number) => Math.ceil(nowMs / 1000) + 1;

describe.concurrent('createTransport: server throttling', () => {
  it('honours Retry-After in seconds, for every concurrent request', async () => {
    await expectHonoured((now) => ({ headers: { 'retry-after': '1' }, deadline: now + 1000 }), 'retry-after');
  });

  it('honours Retry-After as an HTTP date', async () => {
    await expectHonoured((now) => {
      const at = nextSecondPlusOne(now) * 1000;
      return { headers: { 'retry-after': new Date(at).toUTCString() }, deadline: at };
    }, 'retry-after');
  });

  it('honours Okta X-Rate-Limit-Reset (epoch seconds)', async () => {
    await expectHonoured((now) => {
      const reset = nextSecondPlusOne(now);
      const headers = {
        'x-rate-limit-limit': '600',
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': String(reset),
      };
      return { headers, deadline: reset * 1000 };
    }, 'x-rate-limit-reset');
  });

  it('honours CrowdStrike X-Ratelimit-Retryafter (epoch seconds)', async () => {
    await expectHonoured((now) => {
      const reset = nextSecondPlusOne(now);
      const headers = {
        'x-ratelimit-limit': '6000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-retryafter': String(reset),
      };
      return { headers, deadline: reset * 1000 };
    }, 'x-ratelimit-retryafter');
  });

  it('backs off exponentially on a 429 without any header', async () => {
    let seen = 0;
    const { server, http, events } = await serve(
      (_req, res) =>
        ++seen <= 3 ? sendJson(res, 429, { error: { code: 'TooManyRequests' } }) : sendJson(res, 200, {}),
      { backoff: { baseMs: 100, maxMs: 1000 } },
    );

    expect((await http.request({ path: '/v1.0/deviceManagement/managedDevices' })).status).toBe(200);

    const at = server.requests.map((r) => r.at);
    const gaps = at.slice(1).map((t, i) => t - (at[i] ?? 0));
    // Equal jitter: at least half of 100, 200, 400 ms.
    expect(gaps[0]).toBeGreaterThanOrEqual(50);
    expect(gaps[1]).toBeGreaterThanOrEqual(100);
    expect(gaps[2]).toBeGreaterThanOrEqual(200);
    expect(
      events.filter((e) => e.type === 'throttled').map((e) => e.type === 'throttled' && e.source),
    ).toEqual(['backoff', 'backoff', 'backoff']);
  });

  it('treats a vendor quota error as throttling (Google 403 userRateLimitExceeded)', async () => {
    let seen = 0;
    const { http } = await serve(
      (_req, res) =>
        ++seen === 1
          ? sendJson(res, 403, { error: { code: 403, errors: [{ reason: 'userRateLimitExceeded' }] } })
          : sendJson(res, 200, { users: [] }),
      {
        backoff: { baseMs: 20, maxMs: 50 },
        isRateLimited: (status, body) => status === 403 && JSON.stringify(body).includes('RateLimitExceeded'),
      },
    );
    expect((await http.request({ path: '/admin/directory/v1/users' })).json).toEqual({ users: [] });
  });

  it('fails with retryAfterMs instead of waiting longer than maxWaitMs', async () => {
    const { server, http } = await serve((_req, res) => sendJson(res, 429, {}, { 'retry-after': '3600' }), {
      maxWaitMs: 5000,
    });
    const error = await http.request({ path: '/x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: expect.any(Number) });
    expect((error as { retryAfterMs: number }).retryAfterMs).toBeGreaterThanOrEqual(3_600_000);
    expect(server.requests).toHaveLength(1);
  });

  it('waits for the reset when a response says the quota is spent, before any 429', async () => {
    let resetAt = 0;
    const { server, http } = await serve((req, res) => {
      if (resetAt === 0) {
        resetAt = Math.ceil(Date.now() / 1000) + 1;
        return sendJson(res, 200, [], {
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': String(resetAt),
        });
      }
      sendJson(res, Date.now() < resetAt * 1000 - 1000 ? 429 : 200, []);
    });
    await http.request({ path: '/api/v1/users' });
    expect((await http.request({ path: '/api/v1/users' })).status).toBe(200);
    expect((server.requests[1]?.at ?? 0) - (server.requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(900);
  });
});

describe('createTransport: client-side limits', () => {
  it('never has more than maxConcurrent requests in flight (Jamf: 5), with 50 parallel calls', async () => {
    const { server, http } = await serve(
      async (_req, res) => {
        await wait(15);
        sendJson(res, 200, {});
      },
      { maxConcurrent: 5 },
    );

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => http.request({ path: `/api/v1/computers-inventory/${i}` })),
    );

    expect(results).toHaveLength(50);
    expect(server.maxInFlight).toBe(5);
  });

  it('keeps the request rate', async () => {
    const { server, http } = await serve((_req, res) => sendJson(res, 200, {}), {
      rateLimit: { requestsPerSecond: 20, burst: 2 },
    });
    // Open the connections first, so connection set-up does not blur the arrival times.
    const warm = createTransport({ baseUrl: server.url });
    await Promise.all(Array.from({ length: 12 }, () => warm.request({ path: '/warm' })));
    const warmed = server.requests.length;

    await Promise.all(Array.from({ length: 12 }, () => http.request({ path: '/x' })));

    const at = server.requests
      .slice(warmed)
      .map((r) => r.at)
      .sort((a, b) => a - b);
    const first = at[0] ?? 0;
    // Burst 2 lets two go at once; the others follow at 50 ms intervals (less a little arrival jitter).
    at.forEach((t, i) => expect(t - first).toBeGreaterThanOrEqual(Math.max(0, i - 1) * 50 - 30));
  });
});
