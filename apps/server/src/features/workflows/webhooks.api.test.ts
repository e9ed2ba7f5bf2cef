// Webhook triggers end to end: a delivery signed with the workflow's secret starts one run with its body
// as input; bad signatures, stale timestamps and replays run nothing; the secret is shown once (on create
// or rotate) and appears in no later answer, export, audit entry or log line.
import { createHmac, randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/stores.js';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';

const intake = (overrides: Record<string, unknown> = {}) => ({
  name: 'SOAR intake',
  trigger: { type: 'webhook' },
  start: 'note',
  steps: [{ id: 'note', type: 'set_variable', variable: 'alert', value: 'input.alert' }],
  ...overrides,
});

const sign = (secret: string, deliveryId: string, timestamp: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(`${deliveryId}.${timestamp}.${body}`).digest('hex')}`;

describeEachDialect('workflow webhooks', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;
  let logs = '';
  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on('data', (d: Buffer) => (logs += d.toString()));
    s = await startTestServer(
      dialect,
      { logLevel: 'debug', jobs: { workers: 2, leaseSeconds: 30, pollMs: 25 } },
      { logger: true, logStream: stream },
    );
    t = await seedTenant(s.steward, 'hooks');
  });
  afterAll(async () => s?.stop());

  const call = (method: string, path: string, body?: unknown, token = t.tokens.admin) =>
    api(s.url, method, path, { token, body });

  async function create(definition: unknown, enable = true) {
    const res = await call('POST', '/api/v1/workflows', definition);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    if (enable) await call('PATCH', `/api/v1/workflows/${res.body.id}`, { enabled: true });
    return res.body as { id: string; webhook?: { url: string; secret: string } };
  }

  function deliver(
    id: string,
    body: string,
    o: { secret?: string; timestamp?: number; deliveryId?: string; signature?: string } = {},
  ) {
    const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
    const deliveryId = o.deliveryId ?? randomUUID();
    const headers: Record<string, string> = {
      'x-steward-timestamp': timestamp,
      'x-steward-delivery': deliveryId,
    };
    const signature = o.signature ?? (o.secret ? sign(o.secret, deliveryId, timestamp, body) : undefined);
    if (signature) headers['x-steward-signature'] = signature;
    return api(s.url, 'POST', `/api/v1/hooks/workflows/${id}`, { rawBody: body, headers });
  }

  const runs = async (id: string) => (await call('GET', `/api/v1/workflows/${id}/runs`)).body.items;

  it('shows the secret once, on create, and in no GET, list, export, audit entry or log', async () => {
    const created = await create(intake({ name: 'Shown once' }));
    const secret = created.webhook!.secret;
    expect(created.webhook).toEqual({
      url: `${s.url}/api/v1/hooks/workflows/${created.id}`,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/),
    });
    const answers = await Promise.all(
      [
        `/api/v1/workflows/${created.id}`,
        '/api/v1/workflows',
        `/api/v1/workflows/${created.id}/export?format=json`,
        `/api/v1/workflows/${created.id}/export?format=yaml`,
        `/api/v1/workflows/${created.id}/versions`,
        '/api/v1/audit?limit=200',
      ].map((path) => call('GET', path)),
    );
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(JSON.stringify(a.body)).not.toContain(secret);
      expect(JSON.stringify(a.body)).not.toContain('whsec_');
    }
    const stored = await s.steward.store.db.selectFrom('workflow_webhooks').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect((await deliver(created.id, '{"alert":"x"}', { secret })).status).toBe(202);
    expect(logs).not.toContain(secret);
  });

  it('starts a run with the body as input for a good signature', async () => {
    const { id, webhook } = await create(intake());
    const body = JSON.stringify({ alert: 'EDR: host compromised', severity: 9 });
    const res = await deliver(id, body, { secret: webhook!.secret, deliveryId: 'soar-1' });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ runId: expect.any(String) });
    for (const end = Date.now() + 10_000; Date.now() < end;) {
      const run = await call('GET', `/api/v1/workflow-runs/${res.body.runId}`);
      expect(run.body).toMatchObject({
        workflowId: id,
        input: { alert: 'EDR: host compromised', severity: 9 },
        trigger: { type: 'webhook', deliveryId: 'soar-1' },
      });
      if (run.body.status === 'succeeded') {
        expect(run.body.vars).toEqual({ alert: 'EDR: host compromised' });
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the run did not finish');
  });

  it('refuses a missing or bad signature and a stale timestamp with 401, running nothing', async () => {
    const { id, webhook } = await create(intake({ name: 'Refusing' }));
    const secret = webhook!.secret;
    const body = '{"alert":"x"}';
    const now = Math.floor(Date.now() / 1000);
    const refusals = [
      await deliver(id, body),
      await deliver(id, body, { secret: `${secret}x` }),
      await deliver(id, body, {
        deliveryId: 'd-1',
        signature: sign(secret, 'd-1', String(now), '{"alert":"y"}'),
      }),
      // A captured delivery re-sent under a new id: its signature does not cover the new id.
      await deliver(id, body, { deliveryId: 'd-2', signature: sign(secret, 'd-1', String(now), body) }),
      await deliver(id, body, { signature: 'sha256=abc' }),
      await deliver(id, body, { secret, timestamp: now - 301 }),
      await deliver(id, body, { secret, timestamp: now + 360 }),
    ];
    for (const r of refusals) {
      expect(r.status).toBe(401);
      expect(r.body).toEqual({
        error: { code: expect.any(String), message: expect.any(String), details: [expect.any(Object)] },
      });
    }
    expect(refusals.map((r) => r.body.error.code)).toEqual([
      'invalid_signature',
      'invalid_signature',
      'invalid_signature',
      'invalid_signature',
      'invalid_signature',
      'stale_timestamp',
      'stale_timestamp',
    ]);
    expect(await runs(id)).toHaveLength(0);
  });

  it('answers a replayed delivery 409 and still runs it once', async () => {
    const { id, webhook } = await create(intake({ name: 'Replays' }));
    const secret = webhook!.secret;
    expect((await deliver(id, '{"n":1}', { secret, deliveryId: 'd-1' })).status).toBe(202);
    const again = await deliver(id, '{"n":1}', { secret, deliveryId: 'd-1' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('replayed');
    // Two copies of one delivery at the same moment: one gets through.
    const both = await Promise.all([1, 2].map(() => deliver(id, '{"n":2}', { secret, deliveryId: 'd-2' })));
    expect(both.map((r) => r.status).sort()).toEqual([202, 409]);
    expect((await runs(id)).map((r: { input: unknown }) => r.input)).toEqual(
      expect.arrayContaining([{ n: 1 }, { n: 2 }]),
    );
    expect(await runs(id)).toHaveLength(2);
  });

  it('answers unknown, disabled and non-webhook workflows with the same 404', async () => {
    const disabled = await create(intake({ name: 'Disabled hook' }), false);
    const manual = await create(intake({ name: 'Manual only', trigger: { type: 'manual' } }));
    const secret = disabled.webhook!.secret;
    const answers = await Promise.all(
      ['no-such-workflow', disabled.id, manual.id].map((id) => deliver(id, '{}', { secret })),
    );
    expect(answers.map((a) => [a.status, a.body.error.code])).toEqual([
      [404, 'not_found'],
      [404, 'not_found'],
      [404, 'not_found'],
    ]);
    expect(await runs(disabled.id)).toHaveLength(0);
  });

  it('answers 413 over 1 MiB and 400 for a body that is not a JSON object', async () => {
    const { id, webhook } = await create(intake({ name: 'Bodies' }));
    const secret = webhook!.secret;
    const big = JSON.stringify({ pad: 'x'.repeat(1024 * 1024) });
    const tooBig = await deliver(id, big, { secret });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('payload_too_large');
    for (const body of ['[1,2]', 'null', '"text"', '{"unclosed": ']) {
      const res = await deliver(id, body, { secret });
      expect(res.status, body).toBe(400);
      expect(res.body.error.details[0].path).toBe('body');
    }
    const timestamp = String(Math.floor(Date.now() / 1000));
    const noId = await api(s.url, 'POST', `/api/v1/hooks/workflows/${id}`, {
      rawBody: '{}',
      headers: { 'x-steward-timestamp': timestamp, 'x-steward-signature': sign(secret, '', timestamp, '{}') },
    });
    expect(noId.status).toBe(400);
    expect(noId.body.error.details[0].path).toBe('headers.x-steward-delivery');
    expect(await runs(id)).toHaveLength(0);
  });

  it('rotates the secret (admin only): the old one stops working, the new one works', async () => {
    const { id, webhook } = await create(intake({ name: 'Rotated' }));
    const old = webhook!.secret;
    const path = `/api/v1/workflows/${id}/webhook/rotate`;
    expect((await call('POST', path, undefined, t.tokens.operator)).status).toBe(403);
    const rotated = await call('POST', path);
    expect(rotated.status).toBe(200);
    expect(rotated.body.url).toBe(`${s.url}/api/v1/hooks/workflows/${id}`);
    expect(rotated.body.secret).not.toBe(old);
    expect((await deliver(id, '{}', { secret: old })).status).toBe(401);
    expect((await deliver(id, '{}', { secret: rotated.body.secret })).status).toBe(202);
    const audit = await call('GET', '/api/v1/audit?action=workflow.webhook_rotated');
    expect(audit.body.items).toHaveLength(1);
    expect(JSON.stringify(audit.body)).not.toContain(rotated.body.secret);
    expect((await call('GET', `/api/v1/workflows/${id}`)).body).not.toHaveProperty('webhook');
    expect(logs).not.toContain(rotated.body.secret);

    const manual = await create(intake({ name: 'Not a hook', trigger: { type: 'manual' } }));
    expect((await call('POST', `/api/v1/workflows/${manual.id}/webhook/rotate`)).status).toBe(409);
  });

  it('makes a secret when a save turns the trigger into a webhook, and drops it when it turns away', async () => {
    const manual = await create(intake({ name: 'Turned', trigger: { type: 'manual' } }));
    expect(manual).not.toHaveProperty('webhook');
    const toHook = await call('PUT', `/api/v1/workflows/${manual.id}`, intake({ name: 'Turned' }));
    expect(toHook.body.webhook.secret).toMatch(/^whsec_/);
    const same = await call(
      'PUT',
      `/api/v1/workflows/${manual.id}`,
      intake({ name: 'Turned', description: 'v3' }),
    );
    expect(same.body).not.toHaveProperty('webhook');
    expect((await deliver(manual.id, '{}', { secret: toHook.body.webhook.secret })).status).toBe(202);
    await call(
      'PUT',
      `/api/v1/workflows/${manual.id}`,
      intake({ name: 'Turned', trigger: { type: 'manual' } }),
    );
    expect((await deliver(manual.id, '{}', { secret: toHook.body.webhook.secret })).status).toBe(404);
  });

  it('documents the delivery route in the OpenAPI document', async () => {
    const doc = await api(s.url, 'GET', '/api/openapi.json');
    const route = doc.body.paths['/api/v1/hooks/workflows/{id}'].post;
    expect(route.security).toEqual([]);
    expect(route.requestBody.content['application/json'].schema.type).toBe('object');
    expect(route.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['id', 'x-steward-signature', 'x-steward-timestamp', 'x-steward-delivery']),
    );
    expect(Object.keys(route.responses)).toEqual(expect.arrayContaining(['202', '401', '409', '413']));
  });
});
