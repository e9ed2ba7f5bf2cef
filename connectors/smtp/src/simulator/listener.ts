// The SMTP side of the simulator: a real smtp-server with AUTH PLAIN/LOGIN against one user, no TLS,
// every accepted message stored, and the state's faults answered the way real servers answer them.
import { randomBytes } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { readMessage } from './mime.js';
import type { SmtpSimulatorState } from './state.js';

export interface SmtpListenerOptions {
  state: SmtpSimulatorState;
  username: string;
  password: string;
  port?: number;
  host?: string;
}

export interface SmtpListener {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** What the faults decided for one mail transaction at MAIL FROM, applied at DATA. */
type Fate = { type: 'temporary'; code: number } | { type: 'drop' };

/** SMTP reply codes a `server_error` fault may name; any other status (an HTTP 503) becomes 451. */
const TEMPORARY_CODES = new Set([450, 451, 452]);

function reply(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

const peerOf = (address: string | undefined, port: number | undefined) =>
  `${(address ?? '').replace(/^::ffff:/, '')}:${port ?? 0}`;

export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const { state } = options;
  const fates = new Map<string, Fate>();
  const sockets = new Map<string, Socket>();

  const dropConnection = (session: SMTPServerSession) =>
    sockets.get(peerOf(session.remoteAddress, session.remotePort))?.destroy();

  const server = new SMTPServer({
    name: 'smtp.simulator.invalid',
    banner: 'Steward SMTP simulator',
    // Plain SMTP only: a test server has no certificate worth presenting.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: false,
    disableReverseLookup: true,
    logger: false,
    socketTimeout: 30_000,
    closeTimeout: 1_000,
    onAuth(auth, _session, done) {
      const ok =
        (auth.method === 'PLAIN' || auth.method === 'LOGIN') &&
        auth.username === options.username &&
        auth.password === options.password;
      state.record('auth', ok ? 235 : 535, auth.username ?? '');
      if (!ok) return done(reply(535, '5.7.8 Error: authentication failed: credentials invalid'));
      done(null, { user: auth.username });
    },
    onMailFrom(address, session, done) {
      const { delayMs, action } = state.faults.next('/smtp/mail', () => undefined);
      const decide = () => {
        if (action?.type === 'rate_limit') {
          state.record('mail', 421, address.address);
          // 421 closes the connection (smtp-server does so after sending it).
          return done(reply(421, '4.7.0 Too many connections from your host, try again later'));
        }
        if (action?.type === 'server_error') {
          fates.set(session.id, {
            type: 'temporary',
            code: TEMPORARY_CODES.has(action.status) ? action.status : 451,
          });
        } else if (action?.type === 'drop_connection') fates.set(session.id, { type: 'drop' });
        state.record('mail', 250, address.address);
        done();
      };
      if (delayMs > 0) void delay(delayMs).then(decide);
      else decide();
    },
    onRcptTo(address, _session, done) {
      if (state.refuses(address.address)) {
        state.record('rcpt', 550, address.address);
        return done(
          reply(550, `5.1.1 <${address.address}>: Recipient address rejected: mailbox unavailable`),
        );
      }
      state.record('rcpt', 250, address.address);
      done();
    },
    onData(stream, session, done) {
      const fate = fates.get(session.id);
      fates.delete(session.id);
      if (fate?.type === 'drop') {
        // Part of the message has arrived: the connection goes before any answer, nothing is stored.
        stream.once('data', () => {
          state.record('data', 0);
          dropConnection(session);
        });
        stream.on('error', () => undefined);
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (fate?.type === 'temporary') {
          state.record('data', fate.code);
          return done(reply(fate.code, '4.3.0 Temporary local problem, try again later'));
        }
        const raw = Buffer.concat(chunks);
        const read = readMessage(raw);
        const id = randomBytes(5).toString('hex').toUpperCase();
        const header = (name: string) => read.headers[name] ?? null;
        state.messages.push({
          id,
          receivedAt: new Date().toISOString(),
          user: typeof session.user === 'string' ? session.user : null,
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          messageId: header('message-id'),
          idempotencyKey: header('x-steward-idempotency-key'),
          subject: header('subject'),
          from: header('from'),
          to: header('to'),
          cc: header('cc'),
          // Line ends as a mail reader shows them, not as SMTP carries them (CRLF).
          text: read.text?.replace(/\r\n/g, '\n') ?? null,
          html: read.html?.replace(/\r\n/g, '\n') ?? null,
          headers: read.headers,
          size: raw.length,
        });
        state.record('data', 250);
        done(null, `2.0.0 Ok: queued as ${id}`);
      });
    },
    onClose(session) {
      fates.delete(session.id);
    },
  });
  server.on('error', () => undefined);
  server.server.on('connection', (socket: Socket) => {
    const peer = peerOf(socket.remoteAddress, socket.remotePort);
    sockets.set(peer, socket);
    socket.once('close', () => sockets.delete(peer));
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  return {
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets.values()) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
