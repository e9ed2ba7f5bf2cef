import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  pathOf,
  sendJson,
  startTestServer,
  type TestHandler,
  type TestServer,
} from '../testing/http-test-server.js';
import { HttpError } from './errors.js';
import { createTransport } from './transport.js';
import type { TransportEvent, TransportOptions } from './transport-types.js';

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(handler: TestHandler, options: Partial<TransportOptions> = {}) {
  const server = await startTestServer(handler);
  servers.push(server);
  const events: TransportEvent[] = [];
  const http = createTransport({
    baseUrl: server.url,
    backoff: { baseMs: 20, maxMs: 100 },
    onEvent: (e) => events.push(e),
    ...options,
  });
  return { server, http, events };
}

/** Answers the first `n` requests with `status`, then 200. */
function failing(n: number, status: number): TestHandler {
  let seen = 0;
  return (_req, res) =>
    ++seen <= n ? sendJson(res, status, { error: 'busy' }) : sendJson(res, 200, { ok: true });
}

describe('createTransport: retries', () => {
  it('retries a 503 and then succeeds', async () => {
    const { server, http, events } = await serve(failing(2, 503));

    const res = await http.request({ path: '/devices' });

    expect(res).toMatchObject({ status: 200, json: { ok: true }, attempts: 3 });
    expect(server.requests).toHaveLength(3);
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(2);
  });

  it('retries a 5xx after its backoff even when quota headers name a distant reset', async () => {
    let seen = 0;
    const reset = String(Math.floor(Date.now() / 1000) + 60);
    const { http, events } = await serve((_req, res) =>
      ++seen === 1
        ? sendJson(
            res,
            500,
            { errorCode: 'E0000009' },
            { 'x-rate-limit-remaining': '50', 'x-rate-limit-reset': reset },
          )
        : sendJson(res, 200, { ok: true }),
    );
    const started = performance.now();
    expect((await http.request({ path: '/x' })).json).toEqual({ ok: true });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ reason: 'status', status: 500 });
  });

  it('gives up after maxRetries with a typed, retryable HttpError', async () => {
    const { server, http } = await serve(failing(100, 502), { maxRetries: 3 });

    const error = (await http
      .request({ path: '/devices', query: { page: 0 } })
      .catch((e: unknown) => e)) as HttpError;

    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({
      code: 'http_status',
      status: 502,
      attempts: 4,
      retryable: true,
      method: 'GET',
    });
    expect(error.url).toBe(`${server.url}/devices?page=0`);
    expect(error.bodySnippet).toBe('{"error":"busy"}');
    expect(server.requests).toHaveLength(4);
  });

  it('does not retry a 4xx', async () => {
    const { server, http } = await serve((_req, res) =>
      sendJson(res, 404, { httpStatus: 404, errors: [{ code: 'NOT_FOUND', description: 'x' }] }),
    );
    const error = (await http.request({ path: '/x' }).catch((e: unknown) => e)) as HttpError;
    expect(error).toMatchObject({ status: 404, vendorCode: 'NOT_FOUND', retryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it('returns expected non-2xx statuses instead of throwing', async () => {
    const { http } = await serve((_req, res) => sendJson(res, 404, { errors: [] }));
    expect((await http.request({ path: '/x', expect: [200, 404] })).status).toBe(404);
  });

  it('aborts a request that exceeds the timeout and retries it', async () => {
    let seen = 0;
    const { server, http, events } = await serve(
      (_req, res) => {
        if (++seen === 1) return; // hangs until the client gives up
        sendJson(res, 200, { ok: true });
      },
      { timeoutMs: 150 },
    );
    const started = performance.now();

    const res = await http.request({ path: '/slow' });

    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(server.requests).toHaveLength(2);
    expect(events).toContainEqual(expect.objectContaining({ type: 'retry', reason: 'timeout' }));
  });

  it('reports a timeout that persists as code "timeout"', async () => {
    const { http } = await serve(() => undefined, { timeoutMs: 50, maxRetries: 1 });
    const error = (await http.request({ path: '/slow' }).catch((e: unknown) => e)) as HttpError;
    expect(error).toMatchObject({ code: 'timeout', attempts: 2, retryable: true });
  });

  it('retries network errors (connection dropped)', async () => {
    let seen = 0;
    const { server, http } = await serve((req, res) => {
      if (++seen === 1) return res.socket?.destroy();
      sendJson(res, 200, { ok: true });
    });
    expect((await http.request({ path: '/x' })).status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a POST without an idempotency key', async () => {
    const { server, http } = await serve(failing(1, 503));
    const error = (await http
      .request({ method: 'POST', path: '/commands', json: { a: 1 } })
      .catch((e: unknown) => e)) as HttpError;
    expect(error).toMatchObject({ code: 'http_status', status: 503, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('does not resend a POST whose connection dropped', async () => {
    const { server, http } = await serve((_req, res) => res.socket?.destroy());
    const error = (await http
      .request({ method: 'POST', path: '/commands', json: {} })
      .catch((e: unknown) => e)) as HttpError;
    expect(error).toMatchObject({ code: 'network', attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('retries a POST with an idempotency key, and sends the key', async () => {
    const { server, http } = await serve(failing(1, 503), { idempotencyHeader: 'Idempotency-Key' });
    const res = await http.request({
      method: 'POST',
      path: '/commands',
      json: { a: 1 },
      idempotencyKey: 'k-1',
    });
    expect(res.status).toBe(200);
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual(['k-1', 'k-1']);
    expect(server.requests[1]?.body).toBe('{"a":1}');
    expect(server.requests[1]?.headers['content-type']).toBe('application/json');
  });

  it('stops at once when the caller aborts', async () => {
    const { http } = await serve(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('sync cancelled')), 30);
    await expect(http.request({ path: '/x', signal: controller.signal })).rejects.toThrow('sync cancelled');
  });
});

describe('createTransport: requests and responses', () => {
  it('joins the base path, repeats array parameters and skips undefined ones', async () => {
    const { server } = await serve((_req, res) => sendJson(res, 200, {}));
    const base = createTransport({ baseUrl: `${server.url}/v1.0/` });
    await base.request({
      path: '/deviceManagement/managedDevices',
      query: { section: ['GENERAL', 'HARDWARE'], top: 5, skip: undefined },
    });
    expect(server.requests[0]?.url).toBe(
      '/v1.0/deviceManagement/managedDevices?section=GENERAL&section=HARDWARE&top=5',
    );
  });

  it('follows absolute URLs on its own origin but never sends credentials elsewhere', async () => {
    const { server, http } = await serve((req, res) => sendJson(res, 200, { path: pathOf(req) }));
    expect((await http.request({ path: `${server.url}/next?skiptoken=a` })).json).toEqual({ path: '/next' });
    const error = (await http
      .request({ path: 'https://evil.example.com/steal' })
      .catch((e: unknown) => e)) as HttpError;
    expect(error).toMatchObject({ code: 'foreign_url' });
    expect(server.requests).toHaveLength(1);
  });

  it('validates a body against a schema and names the wrong fields', async () => {
    const { http } = await serve((_req, res) => sendJson(res, 200, { totalCount: 'many', results: [] }));
    const schema = z.object({ totalCount: z.number(), results: z.array(z.unknown()) });
    const error = (await http.request({ path: '/x', schema }).catch((e: unknown) => e)) as HttpError;
    expect(error).toMatchObject({ code: 'response_invalid' });
    expect(error.message).toContain('totalCount');
  });

  it('returns text bodies as text', async () => {
    const { http } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('ok');
    });
    expect(
      await http.request({ method: 'POST', path: '/services/T/B/X', json: { text: 'hi' } }),
    ).toMatchObject({ text: 'ok', json: undefined });
  });

  it('keeps extra secrets (a webhook URL) out of errors', async () => {
    const { server } = await serve((_req, res) => sendJson(res, 404, 'channel_not_found'));
    const hookPath = '/services/T000/B000/XXXXsecretXXXX';
    const http = createTransport({ baseUrl: server.url, secrets: ['XXXXsecretXXXX'] });
    const error = (await http
      .request({ method: 'POST', path: hookPath, json: {} })
      .catch((e: unknown) => e)) as HttpError;
    expect(error.message).toContain('channel_not_found');
    expect(`${error.message} ${error.url}`).not.toContain('XXXXsecretXXXX');
  });

  it('survives a throwing telemetry hook', async () => {
    const { server } = await serve(failing(1, 503));
    const http = createTransport({
      baseUrl: server.url,
      backoff: { baseMs: 1, maxMs: 1 },
      onEvent: () => {
        throw new Error('broken sink');
      },
    });
    expect((await http.request({ path: '/x' })).status).toBe(200);
  });
});
