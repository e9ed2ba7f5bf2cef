import { createServer, type Server, type Socket } from 'node:net';
import type { StewardError } from '@steward/domain';
import { instantiateConnector } from '@steward/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSimulators, connect, errorText, message, meta, rejectionOf, startSmtp } from './e2e.helpers.js';
import { smtp } from './index.js';

afterEach(closeSimulators);

const PASSWORD = 'Pa55-correct-horse-battery';

/** A TCP server that accepts connections and never says a word: every client waits for a greeting. */
async function silentServer(): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('SMTP connection test', () => {
  it('signs in with EHLO and AUTH, sending nothing', async () => {
    const sim = await startSmtp({ password: PASSWORD });
    const result = await connect(sim).test();
    expect(result).toEqual({
      ok: true,
      message: `Connected to the SMTP server 127.0.0.1:${sim.smtp.port} (none) and signed in as steward-mailer.`,
    });
    expect(sim.state.events.map((e) => `${e.stage} ${e.code}`)).toEqual(['auth 235']);
    expect(sim.state.messages).toEqual([]);
  });

  it("is not ok with a wrong password, in the server's words and without the password", async () => {
    const sim = await startSmtp({ password: PASSWORD });
    const result = await connect(sim, { password: 'not-the-password' }).test();
    expect(result).toEqual({
      ok: false,
      message:
        `The SMTP server 127.0.0.1:${sim.smtp.port} refused the credentials of steward-mailer: ` +
        '535 5.7.8 Error: authentication failed: credentials invalid',
    });
    expect(sim.state.codes('auth')).toEqual([535]);
  });

  it('is not ok when nothing listens, or the server never greets', async () => {
    const sim = await startSmtp();
    await sim.close();
    const refused = await connect(sim).test();
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/could not be reached or turned us away for now: connect ECONNREFUSED/);

    const silent = await silentServer();
    try {
      const started = performance.now();
      const mute = await connect({ ...sim, config: { ...sim.config, port: silent.port } }).test();
      expect(mute).toEqual({
        ok: false,
        message: `The SMTP server 127.0.0.1:${silent.port} could not be reached or turned us away for now: Greeting never received`,
      });
      expect(performance.now() - started).toBeLessThan(5_000);
    } finally {
      await silent.close();
    }
  });

  it('will not sign in in clear when STARTTLS is configured and the server offers none', async () => {
    const sim = await startSmtp();
    const result = await connect(sim, { config: { security: 'starttls' } }).test();
    expect(result.ok).toBe(false);
    expect(result.message).toBe(
      `The SMTP server 127.0.0.1:${sim.smtp.port} does not offer STARTTLS (it answered 500 Error: command ` +
        'not recognized); with security starttls nothing is sent unencrypted.',
    );
    expect(sim.state.events).toEqual([]);
  });
});

describe('SMTP credentials and transient failures when sending', () => {
  it('reports a wrong password as a credentials error, tried once, never naming the password', async () => {
    const sim = await startSmtp({ password: PASSWORD });
    const error = (await rejectionOf(
      connect(sim, { password: 'wrong-Pa55-word' }).executeAction('sendEmail', message(), meta()),
    )) as StewardError;
    expect(error.code).toBe('upstream_failed');
    expect(error.message).toBe(
      `The SMTP server 127.0.0.1:${sim.smtp.port} refused the credentials of steward-mailer: ` +
        '535 5.7.8 Error: authentication failed: credentials invalid. Check the user name and password.',
    );
    expect(error.details).toEqual([{ path: 'secrets.password', reason: 'refused by the server' }]);
    expect(sim.state.codes('auth')).toEqual([535]);
    expect(sim.state.messages).toEqual([]);
    expect(errorText(error)).not.toContain('wrong-Pa55-word');
  });

  it('tries again on a refused connection, then reports it unavailable', async () => {
    const sim = await startSmtp();
    await sim.close();
    const error = (await rejectionOf(
      connect(sim, { advanced: { maxRetries: 2 } }).executeAction('sendEmail', message(), meta()),
    )) as StewardError;
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(
      /^The SMTP server 127\.0\.0\.1:\d+ did not take the message in 3 attempts \(last: connect ECONNREFUSED [^)]+\); it was not sent\.$/,
    );
  });

  it('gives up on a server that never greets after its greeting timeout, on every attempt', async () => {
    const sim = await startSmtp();
    const silent = await silentServer();
    try {
      const instance = connect(
        { ...sim, config: { ...sim.config, port: silent.port } },
        { advanced: { maxRetries: 1, greetingTimeoutMs: 200 } },
      );
      const started = performance.now();
      const error = (await rejectionOf(
        instance.executeAction('sendEmail', message(), meta()),
      )) as StewardError;
      expect(error.code).toBe('unavailable');
      expect(error.message).toMatch(/in 2 attempts \(last: Greeting never received\); it was not sent\.$/);
      expect(silent.connections()).toBe(2);
      expect(performance.now() - started).toBeGreaterThanOrEqual(380);
    } finally {
      await silent.close();
    }
  });

  it('never lets the password out of an error, whatever failed', async () => {
    const sim = await startSmtp({ password: PASSWORD });
    const failures: unknown[] = [];
    const send = (password = PASSWORD, advanced: Record<string, number> = {}) =>
      connect(sim, { password, advanced })
        .executeAction('sendEmail', message({ to: ['gone@example.com'] }), meta())
        .catch((e: unknown) => e);
    failures.push(await send(`${PASSWORD}-x`));
    sim.state.inject({ type: 'temporary', times: 5 });
    failures.push(await send(PASSWORD, { maxRetries: 1 }));
    sim.state.clearFaults();
    sim.state.inject({ type: 'mailbox_unavailable', recipient: 'gone@example.com' });
    failures.push(await send());
    sim.state.clearFaults();
    sim.state.inject({ type: 'drop_connection', times: 5 });
    failures.push(await send(PASSWORD, { maxRetries: 1 }));
    const tested = await connect(sim, { password: `${PASSWORD}-x` }).test();
    await sim.close();
    failures.push(await send(PASSWORD, { maxRetries: 0 }));

    expect(failures.map((f) => (f as StewardError).code)).toEqual([
      'upstream_failed',
      'unavailable',
      'upstream_failed',
      'unavailable',
      'unavailable',
    ]);
    const encoded = Buffer.from(`\u0000steward-mailer\u0000${PASSWORD}`).toString('base64');
    for (const text of [...failures.map(errorText), tested.message]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(encodeURIComponent(PASSWORD));
      expect(text).not.toContain(encoded);
    }
  });
});

describe('SMTP configuration', () => {
  it('reads a password back exactly, whatever characters it holds', async () => {
    const password = "p%41ss:w@rd/é ?#'!";
    const sim = await startSmtp({ password });
    expect((await connect(sim).test()).ok).toBe(true);
    await connect(sim).executeAction('sendEmail', message(), meta());
    expect(sim.state.messages).toHaveLength(1);
  });

  it('sends through a relay without signing in when no user name is set', async () => {
    const sim = await startSmtp();
    const instance = instantiateConnector(smtp, {
      config: { ...sim.config, username: undefined },
      secrets: {},
    });
    const result = await instance.test();
    expect(result).toEqual({
      ok: true,
      message: `Connected to the SMTP server 127.0.0.1:${sim.smtp.port} (none) and without signing in.`,
    });
    // This simulator wants a sign-in: the refusal (530) is final, not retried.
    const error = (await rejectionOf(instance.executeAction('sendEmail', message(), meta()))) as StewardError;
    expect(error.message).toMatch(/refused the message: 530 .*Authentication required/i);
    expect(sim.state.messages).toEqual([]);
  });

  it('refuses invalid settings naming the field, never echoing the password', async () => {
    const sim = await startSmtp({ password: PASSWORD });
    const cases: Array<[Record<string, unknown>, Record<string, string>, string]> = [
      [{ host: 'smtp://mail.example.com' }, { password: PASSWORD }, 'host'],
      [{ host: 'mail.example.com:587' }, { password: PASSWORD }, 'host'],
      [{ port: 0 }, { password: PASSWORD }, 'port'],
      [{ port: 70_000 }, { password: PASSWORD }, 'port'],
      [{ security: 'ssl' }, { password: PASSWORD }, 'security'],
      [{ fromAddress: 'steward' }, { password: PASSWORD }, 'fromAddress'],
      [{ fromName: 'IT\r\nBcc: x@example.com' }, { password: PASSWORD }, 'fromName'],
      [{ advanced: { maxRetries: 11 } }, { password: PASSWORD }, 'advanced.maxRetries'],
      [{ extra: true }, { password: PASSWORD }, '(root)'],
      [{}, {}, 'secrets.password'],
      [{ username: undefined }, { password: PASSWORD }, 'username'],
    ];
    for (const [config, secrets, path] of cases) {
      const error = (await rejectionOf(
        Promise.resolve().then(() =>
          instantiateConnector(smtp, { config: { ...sim.config, ...config }, secrets }),
        ),
      )) as StewardError;
      expect(error.code, JSON.stringify(config)).toBe('validation_failed');
      expect(error.details.map((d) => d.path)).toContain(path);
      expect(errorText(error)).not.toContain(PASSWORD);
    }
  });

  it('accepts IPv6 literals and host names, with every security mode', () => {
    for (const [host, security, scheme] of [
      ['::1', 'none', 'smtp://steward-mailer:'],
      ['smtp.example.com', 'tls', 'smtps://steward-mailer:'],
      ['10.0.0.25', 'starttls', 'smtp://steward-mailer:'],
    ] as const) {
      const instance = instantiateConnector(smtp, {
        config: { host, port: 587, security, fromAddress: 'it@example.com', username: 'steward-mailer' },
        secrets: { password: PASSWORD },
      });
      expect(instance.config).toMatchObject({ host, security, advanced: {} });
      expect(instance.http.baseUrl.startsWith(scheme)).toBe(true);
    }
  });
});
