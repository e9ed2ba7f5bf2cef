import { afterEach, describe, expect, it } from 'vitest';
import { startSimulatorServer, type SimulatorServer, type VendorErrors } from './server.js';
import { TokenIssuer } from './tokens.js';

const errors: VendorErrors = {
  unauthorized: () => ({ status: 401, json: { error: 'unauthorized' } }),
  notFound: () => ({ status: 404, json: { error: 'not_found' } }),
  serverError: (status) => ({ status, json: { error: 'server' } }),
  rateLimited: (after) => ({
    status: 429,
    json: { error: 'slow_down' },
    headers: after === undefined ? undefined : { 'retry-after': String(after) },
  }),
  badRequest: (message) => ({ status: 400, json: { error: message } }),
};

let sim: SimulatorServer | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(): Promise<SimulatorServer> {
  const tokens = new TokenIssuer('tok-');
  sim = await startSimulatorServer({
    name: 'test',
    tokens,
    errors,
    authenticate: (req) => tokens.verifyHeader(req.headers.authorization) !== undefined,
    routes: [
      {
        method: 'POST',
        path: '/token',
        public: true,
        handle: () => ({ status: 200, json: { t: tokens.issue('me', 60) } }),
      },
      { method: 'GET', path: '/items/:id', handle: (req) => ({ status: 200, json: { id: req.params.id } }) },
    ],
  });
  return sim;
}

async function token(s: SimulatorServer): Promise<string> {
  const res = await fetch(`${s.url}/token`, { method: 'POST' });
  return ((await res.json()) as { t: string }).t;
}

describe('startSimulatorServer', () => {
  it('routes with parameters and answers unknown paths and bad credentials in the vendor envelope', async () => {
    const s = await start();
    const t = await token(s);
    const ok = await fetch(`${s.url}/items/a%20b`, { headers: { authorization: `Bearer ${t}` } });
    expect(await ok.json()).toEqual({ id: 'a b' });
    const anon = await fetch(`${s.url}/items/1`);
    expect(anon.status).toBe(401);
    expect(await anon.json()).toEqual({ error: 'unauthorized' });
    expect((await fetch(`${s.url}/nope`)).status).toBe(404);
  });

  it('injects 5xx bursts, 429s with and without retry headers, and token expiry after N requests', async () => {
    const s = await start();
    let t = await token(s);
    s.faults.inject(
      { type: 'server_error', times: 2, status: 502 },
      { type: 'rate_limit', times: 1, retryAfterSeconds: 3, after: 2 },
      { type: 'rate_limit', times: 1, after: 3 },
      { type: 'expire_tokens', after: 5 },
    );
    const get = () => fetch(`${s.url}/items/1`, { headers: { authorization: `Bearer ${t}` } });
    const statuses: (number | string | null)[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await get();
      statuses.push(res.status, res.headers.get('retry-after'));
    }
    expect(statuses).toEqual([502, null, 502, null, 429, '3', 429, null, 200, null, 401, null, 401, null]);
    t = await token(s);
    expect((await get()).status).toBe(200);
    expect(s.faults.fired).toEqual([
      'server_error',
      'server_error',
      'rate_limit',
      'rate_limit',
      'expire_tokens',
    ]);
    expect(s.faults.pending).toBe(0);
  });

  it('drops a connection and delays a response when told to', async () => {
    const s = await start();
    const t = await token(s);
    s.faults.inject({ type: 'drop_connection', times: 1 }, { type: 'delay', times: 1, ms: 150, after: 1 });
    await expect(fetch(`${s.url}/items/1`, { headers: { authorization: `Bearer ${t}` } })).rejects.toThrow();
    const started = performance.now();
    const res = await fetch(`${s.url}/items/1`, { headers: { authorization: `Bearer ${t}` } });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});
