// The Email (SMTP) connector through Steward's API: test before save, an instance, and sendEmail through
// the one action dispatcher, which sends a message once per idempotency key (an SMTP server dedupes nothing).
import { messageIdOf } from '@steward/connector-smtp';
import { startSmtpSimulator, type SmtpSimulator } from '@steward/connector-smtp/simulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/stores.js';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';

const FAST = { backoffBaseMs: 5, backoffMaxMs: 20, maxRetries: 2, greetingTimeoutMs: 1_000 };

describeEachDialect('Email (SMTP) connector actions', (dialect) => {
  let server: TestServer;
  let tenant: SeededTenant;
  let sim: SmtpSimulator;
  let instanceId: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    tenant = await seedTenant(server.steward, 'mail');
    sim = await startSmtpSimulator();
  });
  afterAll(async () => {
    await sim?.close();
    await server?.stop();
  });

  const call = (method: string, path: string, body?: unknown, token = tenant.tokens.admin) =>
    api(server.url, method, path, { token, body });
  const send = (body: unknown, token = tenant.tokens.operator) =>
    call('POST', `/api/v1/connector-instances/${instanceId}/actions/sendEmail`, body, token);

  it('tests the configuration before saving, then creates an instance that never returns the password', async () => {
    const config = { ...sim.config, advanced: FAST };
    const good = await call('POST', '/api/v1/connectors/smtp/test', { config, secrets: sim.secrets });
    expect(good.body).toEqual({
      ok: true,
      message: `Connected to the SMTP server 127.0.0.1:${sim.smtp.port} (none) and signed in as steward-mailer.`,
    });
    const wrong = await call('POST', '/api/v1/connectors/smtp/test', {
      config,
      secrets: { password: 'wrong-smtp-password-4d2' },
    });
    expect(wrong.body.ok).toBe(false);
    expect(wrong.body.message).toMatch(/refused the credentials of steward-mailer: 535 /);
    const badHost = await call('POST', '/api/v1/connectors/smtp/test', {
      config: { ...config, host: 'smtp://x' },
      secrets: sim.secrets,
    });
    expect(badHost.status).toBe(400);
    expect(badHost.body.error.details).toContainEqual(expect.objectContaining({ path: 'body.config.host' }));

    const created = await call('POST', '/api/v1/connector-instances', {
      connectorId: 'smtp',
      name: 'IT mail',
      config,
      secrets: sim.secrets,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    instanceId = created.body.id;
    const read = await call('GET', `/api/v1/connector-instances/${instanceId}`);
    expect(JSON.stringify(read.body)).not.toContain(sim.secrets.password);
    expect(sim.state.messages).toEqual([]);
  });

  it('sends one message for two dispatches with the same idempotency key', async () => {
    const body = {
      input: { to: ['alice@example.com'], subject: 'Your laptop', text: 'Ready at the desk.' },
      idempotencyKey: 'notify-email-0001',
    };
    const first = await send(body);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({
      status: 'succeeded',
      replayed: false,
      externalId: messageIdOf('notify-email-0001'),
      message: 'Sent "Your laptop" to alice@example.com.',
    });
    const again = await send(body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, replayed: true, status: 'succeeded' });
    expect(sim.state.messages.map((m) => [m.messageId, m.idempotencyKey])).toEqual([
      [messageIdOf('notify-email-0001'), 'notify-email-0001'],
    ]);

    await send({ ...body, idempotencyKey: 'notify-email-0002' });
    expect(sim.state.messages).toHaveLength(2);
  });

  it('refuses bad input with a 400 naming the field, before any SMTP', async () => {
    const events = sim.state.events.length;
    const bad = await send({ input: { to: ['not-an-address'], subject: '', text: 'x' } });
    expect(bad.status).toBe(400);
    const paths = bad.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.input.to.0', 'body.input.subject']));
    expect(sim.state.events.length).toBe(events);
  });

  it('answers 502 naming the refused recipient, and sends on a retry with the key once the mailbox works', async () => {
    sim.state.inject({ type: 'mailbox_unavailable', recipient: 'gone@example.com' });
    const body = {
      input: { to: ['gone@example.com'], subject: 'Offboarding', text: 'Return your laptop.' },
      idempotencyKey: 'notify-email-0003',
    };
    const refused = await send(body);
    expect(refused.status).toBe(502);
    expect(refused.body.error.message).toMatch(
      /^Send email failed: The SMTP server 127\.0\.0\.1:\d+ refused the message for gone@example\.com \(550 5\.1\.1 /,
    );
    const history = await call('GET', `/api/v1/connector-actions?instanceId=${instanceId}`);
    expect(history.body.items[0]).toMatchObject({ idempotencyKey: 'notify-email-0003', status: 'failed' });
    expect(sim.state.messages).toHaveLength(2);

    // The server said no, so nothing was sent: the same key may try again, and now goes through.
    sim.state.clearFaults();
    const retried = await send(body);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({
      id: history.body.items[0].id,
      status: 'succeeded',
      replayed: false,
    });
    expect(sim.state.messages.map((m) => m.envelope.to)).toContainEqual(['gone@example.com']);
  });

  it('retries a 451 inside one dispatch and records one success', async () => {
    sim.state.inject({ type: 'temporary', times: 1 });
    const before = sim.state.messages.length;
    const done = await send({
      input: { to: ['bob@example.com'], subject: 'Loaner due', text: 'Please return it.' },
      idempotencyKey: 'notify-email-0004',
    });
    expect(done.status).toBe(200);
    expect(sim.state.codes('data').slice(-2)).toEqual([451, 250]);
    expect(sim.state.messages.length - before).toBe(1);
  });
});
