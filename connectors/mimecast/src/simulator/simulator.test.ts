import { simulatedFleet } from '@steward/sdk/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CODES,
  PATHS,
  SIM_CLIENT_ID,
  SIM_CLIENT_SECRET,
  simulator,
  startMimecastSimulator,
  type MimecastSimulator,
  type MimecastSimulatorOptions,
} from './index.js';

let sim: MimecastSimulator | undefined;
afterEach(async () => {
  await sim?.server.close();
  sim = undefined;
});

async function start(options: MimecastSimulatorOptions = {}): Promise<MimecastSimulator> {
  sim = await startMimecastSimulator(options);
  return sim;
}

function tokenRequest(s: MimecastSimulator, form: Record<string, string>): Promise<Response> {
  return fetch(`${s.server.url}${PATHS.token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

async function token(s: MimecastSimulator): Promise<string> {
  const res = await tokenRequest(s, {
    grant_type: 'client_credentials',
    client_id: SIM_CLIENT_ID,
    client_secret: SIM_CLIENT_SECRET,
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function post(
  s: MimecastSimulator,
  path: string,
  body: unknown,
  bearer: string,
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const res = await fetch(`${s.server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

describe('Mimecast simulator', () => {
  it('issues Bearer tokens for the client-credentials form and refuses others in OAuth error shape', async () => {
    const s = await start({ tokenLifetimeSeconds: 600 });
    const ok = await tokenRequest(s, {
      grant_type: 'client_credentials',
      client_id: SIM_CLIENT_ID,
      client_secret: SIM_CLIENT_SECRET,
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      access_token: expect.stringMatching(/^mc2\./),
      token_type: 'Bearer',
      expires_in: 600,
    });

    const wrong = await tokenRequest(s, {
      grant_type: 'client_credentials',
      client_id: SIM_CLIENT_ID,
      client_secret: 'nope',
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });

    const grant = await tokenRequest(s, { grant_type: 'password', client_id: 'x', client_secret: 'y' });
    expect(grant.status).toBe(400);
    expect(await grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('answers 401 in the envelope: invalid_token for an unknown token, token_expired for an expired one', async () => {
    const s = await start({ tokenLifetimeSeconds: 1 });
    const unknown = await post(s, PATHS.account, { data: [] }, 'made-up');
    expect(unknown.status).toBe(401);
    expect(unknown.json).toEqual({
      meta: { status: 401 },
      data: [],
      fail: [{ errors: [{ code: CODES.invalidToken, message: expect.any(String), retryable: false }] }],
    });

    const t = await token(s);
    expect((await post(s, PATHS.account, { data: [] }, t)).status).toBe(200);
    s.server.faults.inject({ type: 'expire_tokens' });
    const expired = await post(s, PATHS.account, { data: [] }, t);
    expect(expired.status).toBe(401);
    expect(expired.json.fail).toEqual([
      { errors: [{ code: CODES.tokenExpired, message: expect.any(String), retryable: false }] },
    ]);
  });

  it('expires tokens after their lifetime', async () => {
    const s = await start({ tokenLifetimeSeconds: 1 });
    const t = await token(s);
    expect((await post(s, PATHS.account, { data: [] }, t)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await post(s, PATHS.account, { data: [] }, t)).status).toBe(401);
  });

  it('validates item by item: a bad address is a fail entry on HTTP 200, the good item still applies', async () => {
    const s = await start();
    const t = await token(s);
    const res = await post(
      s,
      PATHS.managedSender,
      {
        data: [
          { sender: 'spam@bad.example', action: 'block' },
          { sender: 'not an address', to: 'x@@y', action: 'block' },
          { sender: 'bad.example', action: 'explode' },
        ],
      },
      t,
    );
    expect(res.status).toBe(200);
    expect(res.json.meta).toEqual({ status: 200 });
    expect(res.json.data).toEqual([
      {
        id: expect.stringMatching(/^eNo/),
        sender: 'spam@bad.example',
        type: 'Block',
        updatedAt: expect.any(String),
      },
    ]);
    expect(res.json.fail).toEqual([
      {
        key: { sender: 'not an address', to: 'x@@y', action: 'block' },
        errors: [
          expect.objectContaining({ field: 'sender', code: CODES.invalidEmail, retryable: false }),
          expect.objectContaining({ field: 'to', code: CODES.invalidEmail, retryable: false }),
        ],
      },
      {
        key: { sender: 'bad.example', action: 'explode' },
        errors: [expect.objectContaining({ field: 'action', code: CODES.invalidValue })],
      },
    ]);
    expect([...s.state.managedSenders.values()].map((e) => e.sender)).toEqual(['spam@bad.example']);
  });

  it('keeps one managed-sender entry per sender and recipient, flipped between Block and Permit', async () => {
    const s = await start();
    const t = await token(s);
    const send = (action: string) =>
      post(s, PATHS.managedSender, { data: [{ sender: 'a@b.example', to: 'me@corp.example', action }] }, t);
    const blocked = (await send('block')).json.data as Array<{ id: string; type: string }>;
    const permitted = (await send('permit')).json.data as Array<{ id: string; type: string }>;
    expect(permitted[0]?.id).toBe(blocked[0]?.id);
    expect(permitted[0]?.type).toBe('Permit');
    expect(s.state.managedSenders.size).toBe(1);
    expect(s.state.senderEntry('a@b.example', 'me@corp.example')?.type).toBe('Permit');
  });

  it('pages get-policy with meta.pagination pageSize/pageToken → next, and refuses a forged token', async () => {
    const s = await start();
    for (let i = 0; i < 5; i++) {
      s.state.addPolicy({
        description: `p${i}`,
        fromPart: 'both',
        fromType: 'email_domain',
        fromValue: `d${i}.example`,
        toType: 'everyone',
      });
    }
    const t = await token(s);
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const res = await post(
        s,
        PATHS.getPolicy,
        { meta: { pagination: { pageSize: 2, ...(pageToken ? { pageToken } : {}) } }, data: [] },
        t,
      );
      const meta = res.json.meta as { pagination: { pageSize: number; next?: string } };
      expect(meta.pagination.pageSize).toBe(2);
      seen.push(
        ...(res.json.data as Array<{ policy: { description: string } }>).map((p) => p.policy.description),
      );
      pageToken = meta.pagination.next;
      pages++;
    } while (pageToken);
    expect(pages).toBe(3);
    expect(seen).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);

    const forged = await post(
      s,
      PATHS.getPolicy,
      { meta: { pagination: { pageToken: 'zzz' } }, data: [] },
      t,
    );
    expect(forged.status).toBe(200);
    expect(forged.json.fail).toEqual([
      {
        key: { pageToken: 'zzz' },
        errors: [expect.objectContaining({ field: 'pageToken', code: CODES.invalidValue })],
      },
    ]);
  });

  it('creates, reads and deletes blocked-sender policies, validating each field', async () => {
    const s = await start();
    const t = await token(s);
    const created = await post(
      s,
      PATHS.createPolicy,
      {
        data: [
          {
            option: 'block_sender',
            policy: {
              description: 'Block spam',
              fromPart: 'both',
              fromType: 'individual_email_address',
              fromValue: 'Spam@Bad.example',
              toType: 'everyone',
            },
          },
          {
            option: 'block_sender',
            policy: { description: '', fromType: 'individual_email_address', fromValue: 'nope', toType: 'x' },
          },
        ],
      },
      t,
    );
    const [policy] = created.json.data as Array<{ id: string; policy: Record<string, unknown> }>;
    expect(policy?.policy).toMatchObject({ fromValue: 'spam@bad.example', fromPart: 'both', enabled: true });
    expect(
      (created.json.fail as Array<{ errors: Array<{ field: string; code: string }> }>)[0]?.errors,
    ).toEqual([
      expect.objectContaining({ field: 'description', code: CODES.missing }),
      expect.objectContaining({ field: 'fromValue', code: CODES.invalidEmail }),
      expect.objectContaining({ field: 'toType', code: CODES.invalidValue }),
    ]);
    expect(s.state.policies).toHaveLength(1);

    const read = await post(s, PATHS.getPolicy, { data: [{ id: policy?.id }, { id: 'missing' }] }, t);
    expect((read.json.data as unknown[]).length).toBe(1);
    expect(read.json.fail).toEqual([
      {
        key: { id: 'missing' },
        errors: [expect.objectContaining({ field: 'id', code: CODES.policyNotFound })],
      },
    ]);

    const deleted = await post(s, PATHS.deletePolicy, { data: [{ id: policy?.id }] }, t);
    expect(deleted.json).toEqual({ meta: { status: 200 }, data: [{ id: policy?.id }], fail: [] });
    expect(s.state.policies).toEqual([]);
  });

  it('limits each token: 429 with X-RateLimit-Reset in milliseconds, and a new token has its own budget', async () => {
    const s = await start({ rateLimit: { limit: 2, windowMs: 5_000 } });
    const t = await token(s);
    expect((await post(s, PATHS.account, { data: [] }, t)).status).toBe(200);
    expect((await post(s, PATHS.account, { data: [] }, t)).status).toBe(200);
    const limited = await post(s, PATHS.account, { data: [] }, t);
    expect(limited.status).toBe(429);
    const reset = Number(limited.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThan(4_000);
    expect(reset).toBeLessThanOrEqual(5_000);
    expect(limited.json.fail).toEqual([
      { errors: [expect.objectContaining({ code: CODES.rateLimited, retryable: true })] },
    ]);
    expect((await post(s, PATHS.account, { data: [] }, await token(s))).status).toBe(200);
  });

  it('answers injected faults, unknown paths and malformed bodies in the envelope', async () => {
    const s = await start();
    const t = await token(s);
    s.server.faults.inject(
      { type: 'server_error', times: 1, status: 503, path: PATHS.account },
      { type: 'rate_limit', times: 1, retryAfterSeconds: 2, path: PATHS.account },
    );
    const down = await post(s, PATHS.account, { data: [] }, t);
    expect(down.status).toBe(503);
    expect(down.json).toMatchObject({
      meta: { status: 503 },
      data: [],
      fail: [{ errors: [{ code: CODES.serverError }] }],
    });
    const throttled = await post(s, PATHS.account, { data: [] }, t);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('x-ratelimit-reset')).toBe('2000');

    const unknown = await post(s, '/api/nothing/here', { data: [] }, t);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ fail: [{ errors: [{ code: CODES.notFound }] }] });
    const malformed = await post(s, PATHS.account, '{not json', t);
    expect(malformed.status).toBe(400);
    expect(malformed.json).toMatchObject({
      meta: { status: 400 },
      fail: [{ errors: [{ code: CODES.malformed }] }],
    });
    const noData = await post(s, PATHS.account, { items: [] }, t);
    expect(noData.status).toBe(400);
    expect(noData.json).toMatchObject({ fail: [{ errors: [{ field: 'data', code: CODES.malformed }] }] });
  });

  it('fails every item retryably while transientFailures lasts, then recovers', async () => {
    const s = await start();
    const t = await token(s);
    s.state.transientFailures.set(PATHS.managedSender, 1);
    const first = await post(
      s,
      PATHS.managedSender,
      { data: [{ sender: 'a@b.example', action: 'block' }] },
      t,
    );
    expect(first.status).toBe(200);
    expect(first.json.fail).toEqual([
      {
        key: { sender: 'a@b.example', action: 'block' },
        errors: [expect.objectContaining({ code: CODES.temporarilyUnavailable, retryable: true })],
      },
    ]);
    expect(s.state.managedSenders.size).toBe(0);
    const second = await post(
      s,
      PATHS.managedSender,
      { data: [{ sender: 'a@b.example', action: 'block' }] },
      t,
    );
    expect(second.json.fail).toEqual([]);
    expect(s.state.managedSenders.size).toBe(1);
  });

  it('starts through the definition with a config and secret that reach it', async () => {
    const started = await simulator.start({ fleet: simulatedFleet({ devices: 5, seed: 1 }) });
    try {
      expect(simulator.connectorId).toBe('mimecast');
      expect(started.config).toEqual({
        baseUrl: started.server.url,
        clientId: SIM_CLIENT_ID,
        environment: 'Steward Demo Ltd',
      });
      expect(started.secrets).toEqual({ clientSecret: SIM_CLIENT_SECRET });
    } finally {
      await started.server.close();
    }
  });
});
