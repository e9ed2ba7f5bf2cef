import { isStewardError, type StewardError } from '@steward/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { messageIdOf } from './actions/send-email.action.js';
import { closeSimulators, connect, message, meta, rejectionOf, startSmtp } from './e2e.helpers.js';
import { smtp } from './index.js';
import type { ReceivedMessage, SmtpFault, SmtpSimulator } from './simulator/index.js';

afterEach(closeSimulators);

/** Faults go in through the control API, as a tester would inject them. */
async function inject(sim: SmtpSimulator, fault: SmtpFault): Promise<void> {
  const res = await fetch(`${sim.server.url}/_sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function received(sim: SmtpSimulator): Promise<ReceivedMessage[]> {
  const res = await fetch(`${sim.server.url}/_sim/messages`);
  return ((await res.json()) as { messages: ReceivedMessage[] }).messages;
}

describe('sendEmail, end to end', () => {
  it('is declared a plain message: not reversible, not destructive, no target, no streams', () => {
    expect(smtp.actions.sendEmail).toMatchObject({ reversible: false, destructive: false });
    expect(smtp.actions.sendEmail?.target).toBeUndefined();
    expect(smtp.streams).toEqual({});
  });

  it('sends a message that the server receives with its envelope, headers and both bodies', async () => {
    const sim = await startSmtp();
    const key = meta();
    const result = await connect(sim).executeAction(
      'sendEmail',
      message({
        to: ['alice@example.com', 'bob@example.com'],
        cc: ['it-desk@example.com'],
        html: '<p>Your new laptop is <b>ready</b>.</p>',
      }),
      key,
    );
    const messageId = messageIdOf(key.idempotencyKey);
    expect(messageId).toMatch(/^<[0-9a-f]{40}@steward\.invalid>$/);
    expect(result).toMatchObject({
      status: 'succeeded',
      externalId: messageId,
      message:
        'Sent "Laptop C02XYZ assigned to you" to alice@example.com, bob@example.com, it-desk@example.com.',
      data: {
        messageId,
        accepted: ['alice@example.com', 'bob@example.com', 'it-desk@example.com'],
        rejected: [],
        attempts: 1,
        response: expect.stringMatching(/^250 2\.0\.0 Ok: queued as [0-9A-F]+$/),
      },
    });

    const [got, ...more] = await received(sim);
    expect(more).toEqual([]);
    expect(got).toMatchObject({
      user: 'steward-mailer',
      envelope: {
        from: 'steward@example.com',
        to: ['alice@example.com', 'bob@example.com', 'it-desk@example.com'],
      },
      messageId,
      idempotencyKey: key.idempotencyKey,
      subject: 'Laptop C02XYZ assigned to you',
      from: 'Steward <steward@example.com>',
      to: 'alice@example.com, bob@example.com',
      cc: 'it-desk@example.com',
      text: 'Your new laptop is ready at the IT desk.',
      html: '<p>Your new laptop is <b>ready</b>.</p>',
    });
    expect(got?.headers['x-steward-idempotency-key']).toBe(key.idempotencyKey);
    expect(sim.state.codes('data')).toEqual([250]);
  });

  it('carries non-ASCII subjects and bodies, long lines and a bare address as sender', async () => {
    const sim = await startSmtp();
    const text = `Grüße aus Zürich — ${'lange Zeile '.repeat(40)}\nZweite Zeile: ✓`;
    await connect(sim, { config: { fromName: undefined } }).executeAction(
      'sendEmail',
      message({ subject: 'Gerät übergeben: MacBook Pro 14″ (C02XYZ) — bitte bestätigen', text }),
      meta(),
    );
    expect(sim.state.messages[0]).toMatchObject({
      from: 'steward@example.com',
      subject: 'Gerät übergeben: MacBook Pro 14″ (C02XYZ) — bitte bestätigen',
      text,
      html: null,
    });
  });

  it('refuses bad input naming the field, without connecting', async () => {
    const sim = await startSmtp();
    const instance = connect(sim);
    const many = Array.from({ length: 51 }, (_, i) => `user${i}@example.com`);
    const cases: Array<[unknown, string]> = [
      [message({ to: [] }), 'to'],
      [message({ to: many }), 'to'],
      [message({ to: ['not-an-address'] }), 'to.0'],
      [message({ cc: ['bob@example.com', 'nope'] }), 'cc.1'],
      [message({ subject: '' }), 'subject'],
      [message({ subject: '   ' }), 'subject'],
      [message({ subject: 'x'.repeat(999) }), 'subject'],
      [message({ subject: 'Hi\r\nBcc: victim@example.com' }), 'subject'],
      [message({ text: '' }), 'text'],
      [message({ text: undefined }), 'text'],
      [message({ html: 42 }), 'html'],
      [message({ bcc: ['x@example.com'] }), '(root)'],
    ];
    for (const [input, path] of cases) {
      const error = (await rejectionOf(instance.executeAction('sendEmail', input, meta()))) as StewardError;
      expect(error.code, JSON.stringify(input).slice(0, 80)).toBe('validation_failed');
      expect(error.details.map((d) => d.path)).toContain(path);
    }
    // 50 recipients and a 998-character subject are still fine.
    await instance.executeAction(
      'sendEmail',
      message({ to: many.slice(0, 50), subject: 's'.repeat(998) }),
      meta(),
    );
    expect(sim.state.messages).toHaveLength(1);
    expect(sim.state.codes('mail')).toEqual([250]);
  });

  it('sends again after a 451 and delivers once', async () => {
    const sim = await startSmtp();
    await inject(sim, { type: 'temporary', times: 2 });
    const key = meta();
    const result = await connect(sim).executeAction('sendEmail', message(), key);
    expect(result.data).toMatchObject({ attempts: 3 });
    expect(sim.state.codes('data')).toEqual([451, 451, 250]);
    expect(sim.state.messages).toHaveLength(1);
    expect(sim.state.messages[0]?.messageId).toBe(messageIdOf(key.idempotencyKey));
  });

  it('gives up after the re-sends on a 451 that does not clear, as unavailable, nothing sent', async () => {
    const sim = await startSmtp();
    await inject(sim, { type: 'temporary', times: 10 });
    const error = (await rejectionOf(
      connect(sim, { advanced: { maxRetries: 2 } }).executeAction('sendEmail', message(), meta()),
    )) as StewardError;
    expect(error.code).toBe('unavailable');
    expect(error.message).toBe(
      `The SMTP server ${sim.config.host}:${sim.config.port} did not take the message in 3 attempts ` +
        '(last: 451 4.3.0 Temporary local problem, try again later); it was not sent.',
    );
    expect(sim.state.codes('data')).toEqual([451, 451, 451]);
    expect(sim.state.messages).toEqual([]);
  });

  it('reports a 550 for a recipient as a refusal naming the recipient, and does not send again', async () => {
    const sim = await startSmtp();
    await inject(sim, { type: 'mailbox_unavailable', recipient: 'gone@example.com' });
    const error = (await rejectionOf(
      connect(sim).executeAction('sendEmail', message({ to: ['gone@example.com'] }), meta()),
    )) as StewardError;
    expect(isStewardError(error)).toBe(true);
    expect(error.code).toBe('upstream_failed');
    expect(error.message).toBe(
      `The SMTP server ${sim.config.host}:${sim.config.port} refused the message for gone@example.com ` +
        '(550 5.1.1 <gone@example.com>: Recipient address rejected: mailbox unavailable). ' +
        'It was not sent, and will not be sent again.',
    );
    expect(error.details).toEqual([
      {
        path: 'to',
        reason:
          'gone@example.com: 550 5.1.1 <gone@example.com>: Recipient address rejected: mailbox unavailable',
      },
    ]);
    expect(sim.state.codes('mail')).toEqual([250]);
    expect(sim.state.codes('rcpt')).toEqual([550]);
    expect(sim.state.messages).toEqual([]);
  });

  it('delivers to the recipients the server accepts and reports the one it refused', async () => {
    const sim = await startSmtp();
    await inject(sim, { type: 'mailbox_unavailable', recipient: 'gone@example.com' });
    const result = await connect(sim).executeAction(
      'sendEmail',
      message({ to: ['alice@example.com', 'gone@example.com'] }),
      meta(),
    );
    expect(result.status).toBe('succeeded');
    expect(result.message).toBe(
      'Sent "Laptop C02XYZ assigned to you" to alice@example.com. The server refused gone@example.com ' +
        '(550 5.1.1 <gone@example.com>: Recipient address rejected: mailbox unavailable).',
    );
    expect(result.data).toMatchObject({
      accepted: ['alice@example.com'],
      rejected: [
        {
          address: 'gone@example.com',
          reply: '550 5.1.1 <gone@example.com>: Recipient address rejected: mailbox unavailable',
        },
      ],
      attempts: 1,
    });
    expect(sim.state.messages.map((m) => m.envelope.to)).toEqual([['alice@example.com']]);
  });

  it('waits out a 421 (too many connections) and delivers once', async () => {
    const sim = await startSmtp();
    await inject(sim, { type: 'rate_limit', times: 1 });
    const result = await connect(sim).executeAction('sendEmail', message(), meta());
    expect(result.data).toMatchObject({ attempts: 2 });
    expect(sim.state.codes('mail')).toEqual([421, 250]);
    expect(sim.state.codes('data')).toEqual([250]);
    expect(sim.state.messages).toHaveLength(1);
  });

  it('sends again after the connection drops mid-DATA, and the server holds one copy', async () => {
    const sim = await startSmtp();
    await inject(sim, { type: 'drop_connection', times: 1 });
    const key = meta();
    const result = await connect(sim).executeAction('sendEmail', message(), key);
    expect(result.data).toMatchObject({ attempts: 2 });
    expect(sim.state.codes('data')).toEqual([0, 250]);
    expect(sim.state.messages.map((m) => m.messageId)).toEqual([messageIdOf(key.idempotencyKey)]);
  });

  it('says a copy may have arrived when every attempt lost its connection', async () => {
    const sim = await startSmtp();
    await inject(sim, { type: 'drop_connection', times: 5 });
    const error = (await rejectionOf(
      connect(sim, { advanced: { maxRetries: 1 } }).executeAction('sendEmail', message(), meta()),
    )) as StewardError;
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/did not take the message in 2 attempts \(last: .+\)/);
    expect(error.message).toMatch(
      /a connection was lost before the server confirmed the message, so if it was lost after the server had all of it, a copy may have arrived\.$/,
    );
    expect(sim.state.codes('data')).toEqual([0, 0]);
  });

  it('sends a message again for each dispatch: the connector itself keeps no record of keys', async () => {
    // Exactly-once per key is the action dispatcher's job (see apps/server smtp.actions.test.ts); a
    // repeated key reaching the connector means a new attempt, which carries the same Message-ID.
    const sim = await startSmtp();
    const key = meta();
    await connect(sim).executeAction('sendEmail', message(), key);
    await connect(sim).executeAction('sendEmail', message(), key);
    expect(sim.state.messages.map((m) => m.messageId)).toEqual([
      messageIdOf(key.idempotencyKey),
      messageIdOf(key.idempotencyKey),
    ]);
  });
});
