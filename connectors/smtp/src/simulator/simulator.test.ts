import { connect as tcp } from 'node:net';
import { simulatedFleet } from '@steward/sdk/simulator';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SIM_USERNAME,
  simulator,
  startSmtpSimulator,
  type ReceivedMessage,
  type SmtpSimulator,
  type SmtpSimulatorOptions,
} from './index.js';

let sim: SmtpSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const PASSWORD = 'sim-Pa55word';

async function start(options: SmtpSimulatorOptions = {}): Promise<SmtpSimulator> {
  sim = await startSmtpSimulator({ password: PASSWORD, ...options });
  return sim;
}

function client(s: SmtpSimulator, auth: { user?: string; pass?: string; method?: string } = {}) {
  return nodemailer.createTransport({
    host: s.smtp.host,
    port: s.smtp.port,
    ignoreTLS: true,
    auth: { user: auth.user ?? SIM_USERNAME, pass: auth.pass ?? PASSWORD },
    ...(auth.method ? { authMethod: auth.method } : {}),
    logger: false,
  });
}

const mail = (overrides: Record<string, unknown> = {}) => ({
  from: 'Steward <steward@example.com>',
  to: 'alice@example.com',
  subject: 'Hello',
  text: 'Body',
  messageId: '<same@steward.invalid>',
  headers: { 'X-Steward-Idempotency-Key': 'k-1' },
  ...overrides,
});

/** The SMTP reply code of a failed send, 0 for a lost connection. */
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 250,
    (e: { responseCode?: number }) => e.responseCode ?? 0,
  );

/** Sends raw SMTP lines one by one and returns every reply (the greeting first). */
async function dialogue(port: number, lines: string[]): Promise<string[]> {
  const socket = tcp(port, '127.0.0.1');
  const replies: string[] = [];
  let buffer = '';
  let waiting: (() => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let end: number;
    while ((end = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (/^\d{3} /.test(line)) {
        replies.push(line);
        waiting?.();
      }
    }
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  const next = () =>
    new Promise<void>((resolve) => {
      waiting = resolve;
      socket.once('close', resolve);
    });
  await next();
  for (const line of lines) {
    if (socket.destroyed) break;
    const answered = next();
    socket.write(`${line}\r\n`);
    await answered;
  }
  socket.end();
  await closed;
  return replies;
}

async function control(s: SmtpSimulator, method: string, path: string, body?: unknown) {
  const res = await fetch(`${s.server.url}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : {
          headers: { 'content-type': 'application/json' },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

describe('SMTP simulator', () => {
  it('takes AUTH PLAIN and LOGIN for its user, stores every message, and dedupes nothing', async () => {
    const s = await start();
    await client(s, { method: 'PLAIN' }).sendMail(mail());
    await client(s, { method: 'LOGIN' }).sendMail(mail({ cc: 'bob@example.com', html: '<b>Body</b>' }));
    expect(s.state.codes('auth')).toEqual([235, 235]);
    const { body } = await control(s, 'GET', '/_sim/messages');
    const messages = body?.messages as ReceivedMessage[];
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatchObject({
      user: SIM_USERNAME,
      envelope: { from: 'steward@example.com', to: ['alice@example.com'] },
      messageId: '<same@steward.invalid>',
      idempotencyKey: 'k-1',
      subject: 'Hello',
      from: 'Steward <steward@example.com>',
      to: 'alice@example.com',
      cc: null,
      text: 'Body',
      html: null,
    });
    expect(messages[1]).toMatchObject({
      messageId: '<same@steward.invalid>',
      envelope: { to: ['alice@example.com', 'bob@example.com'] },
      cc: 'bob@example.com',
      text: 'Body',
      html: '<b>Body</b>',
    });
    expect(messages[0]?.id).not.toBe(messages[1]?.id);
    const onlyBob = await control(s, 'GET', '/_sim/messages?to=BOB@example.com');
    expect((onlyBob.body?.messages as ReceivedMessage[]).map((m) => m.id)).toEqual([messages[1]?.id]);
  });

  it('refuses other credentials with 535 and mail before sign-in with 530', async () => {
    const s = await start();
    expect(await codeOf(client(s, { pass: 'wrong' }).sendMail(mail()))).toBe(535);
    expect(await codeOf(client(s, { user: 'someone-else' }).sendMail(mail()))).toBe(535);
    const plain = Buffer.from(`\u0000${SIM_USERNAME}\u0000nope`).toString('base64');
    const replies = await dialogue(s.smtp.port, [
      'EHLO test.invalid',
      'MAIL FROM:<steward@example.com>',
      `AUTH PLAIN ${plain}`,
      'STARTTLS',
      'QUIT',
    ]);
    expect(replies.map((r) => r.slice(0, 3))).toEqual(['220', '250', '530', '535', '500', '221']);
    expect(replies[0]).toMatch(/^220 smtp\.simulator\.invalid ESMTP/);
    expect(s.state.messages).toEqual([]);
  });

  it('answers the faults the control API injects, each the way a real server would', async () => {
    const s = await start();
    const inject = (fault: unknown) => control(s, 'POST', '/_sim/faults', fault);
    expect((await inject({ type: 'temporary', times: 2, code: 450 })).status).toBe(200);
    expect(await codeOf(client(s).sendMail(mail()))).toBe(450);
    expect(await codeOf(client(s).sendMail(mail()))).toBe(450);
    expect(await codeOf(client(s).sendMail(mail()))).toBe(250);

    await inject({ type: 'mailbox_unavailable', recipient: 'Gone@Example.com', times: 1 });
    expect(await codeOf(client(s).sendMail(mail({ to: 'gone@example.com' })))).toBe(550);
    expect(await codeOf(client(s).sendMail(mail({ to: 'gone@example.com' })))).toBe(250);

    await inject({ type: 'rate_limit' });
    const replies = await dialogue(s.smtp.port, [
      'EHLO test.invalid',
      `AUTH PLAIN ${Buffer.from(`\u0000${SIM_USERNAME}\u0000${PASSWORD}`).toString('base64')}`,
      'MAIL FROM:<steward@example.com>',
      'RCPT TO:<alice@example.com>',
    ]);
    // 421 closes the connection: RCPT is never answered.
    expect(replies.map((r) => r.slice(0, 3))).toEqual(['220', '250', '235', '421']);

    await inject({ type: 'drop_connection' });
    expect(await codeOf(client(s).sendMail(mail()))).toBe(0);

    expect(s.state.codes('data')).toEqual([450, 450, 250, 250, 0]);
    expect(s.state.codes('rcpt')).toEqual([250, 250, 250, 550, 250, 250]);
    expect(s.state.codes('mail')).toEqual([250, 250, 250, 250, 250, 421, 250]);
    expect(s.state.messages).toHaveLength(2);
  });

  it('counts faults from `after`, clears them with DELETE, and forgets everything on reset', async () => {
    const s = await start();
    await control(s, 'POST', '/_sim/faults', { type: 'temporary', after: 1 });
    await control(s, 'POST', '/_sim/faults', { type: 'mailbox_unavailable', recipient: 'gone@example.com' });
    expect((await control(s, 'GET', '/_sim/faults')).body).toEqual({
      pending: 1,
      fired: [],
      unavailableMailboxes: ['gone@example.com'],
    });
    expect(await codeOf(client(s).sendMail(mail()))).toBe(250);
    expect(await codeOf(client(s).sendMail(mail()))).toBe(451);
    expect((await control(s, 'DELETE', '/_sim/faults')).body).toEqual({
      pending: 0,
      fired: ['server_error'],
      unavailableMailboxes: [],
    });
    expect(await codeOf(client(s).sendMail(mail({ to: 'gone@example.com' })))).toBe(250);
    expect(s.state.messages).toHaveLength(2);

    await control(s, 'POST', '/_sim/faults', { type: 'rate_limit', times: 3 });
    expect((await control(s, 'POST', '/_sim/reset')).status).toBe(204);
    expect((await control(s, 'GET', '/_sim/messages')).body).toEqual({ messages: [] });
    expect((await control(s, 'GET', '/_sim/events')).body).toEqual({ events: [] });
    expect(s.server.faults.pending).toBe(0);
    expect(await codeOf(client(s).sendMail(mail()))).toBe(250);
  });

  it('refuses a bad fault with a 400 naming the field', async () => {
    const s = await start();
    const cases: Array<[unknown, string]> = [
      [{ type: 'temporary', times: 0 }, 'times'],
      [{ type: 'temporary', code: 550 }, 'code'],
      [{ type: 'mailbox_unavailable' }, 'recipient'],
      [{ type: 'explode' }, 'type'],
    ];
    for (const [fault, path] of cases) {
      const res = await control(s, 'POST', '/_sim/faults', fault);
      expect(res.status).toBe(400);
      expect((res.body?.issues as Array<{ path: string }>).map((i) => i.path)).toContain(path);
    }
    expect((await control(s, 'POST', '/_sim/faults', 'not json')).status).toBe(400);
    expect((await control(s, 'GET', '/_sim/nope')).status).toBe(404);
    expect(s.server.faults.pending).toBe(0);
  });

  it("answers the kit's FaultPlan faults in SMTP terms: a 503 becomes 451", async () => {
    const s = await start();
    s.server.faults.inject(
      { type: 'server_error', times: 1 },
      { type: 'server_error', times: 1, status: 452 },
      { type: 'rate_limit', times: 1 },
    );
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push(await codeOf(client(s).sendMail(mail())));
    expect(codes).toEqual([451, 452, 421, 250]);
    expect(s.server.faults.fired).toEqual(['server_error', 'server_error', 'rate_limit']);
  });

  it('starts for the platform with an instance config on the SMTP port, and closes both ports', async () => {
    const probe = await startSmtpSimulator();
    const free = probe.smtp.port;
    await probe.close();
    const started = await simulator.start({ fleet: simulatedFleet({ devices: 1 }), port: free });
    const { config, secrets } = started;
    try {
      expect(config).toEqual({
        host: '127.0.0.1',
        port: free,
        security: 'none',
        fromAddress: 'steward@example.com',
        fromName: 'Steward',
        username: SIM_USERNAME,
      });
      expect(secrets.password).toMatch(/^smtp-[\w-]{16}$/);
      expect(started.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(started.server.port).not.toBe(free);
      const res = await fetch(`${started.server.url}/_sim/messages`);
      expect(await res.json()).toEqual({ messages: [] });
    } finally {
      await started.server.close();
    }
    const after = await codeOf(
      nodemailer
        .createTransport({ host: '127.0.0.1', port: free, ignoreTLS: true, logger: false })
        .sendMail(mail()),
    );
    expect(after).toBe(0);
    await expect(fetch(`${started.server.url}/_sim/messages`)).rejects.toThrow();
  });
});
