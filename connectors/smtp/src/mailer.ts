// The only file that opens SMTP connections: one nodemailer transporter per send or test, closed after.
import type { ConnectorContext } from '@steward/sdk';
import nodemailer, { type SendMailOptions, type SMTPSentMessageInfo } from 'nodemailer';
import type { SmtpConfig } from './config.js';
import { credentialsOf } from './endpoint.js';

type Ctx = ConnectorContext<SmtpConfig>;

export const DEFAULT_TIMEOUTS = { connectionMs: 10_000, greetingMs: 10_000, socketMs: 60_000 };

function transporter(ctx: Ctx) {
  const { config } = ctx;
  const t = config.advanced;
  const credentials = credentialsOf(ctx);
  return nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.security === 'tls',
    // starttls: refuse to go on (and to sign in) in clear when the server offers no STARTTLS.
    requireTLS: config.security === 'starttls',
    ignoreTLS: config.security === 'none',
    ...(credentials ? { auth: { user: credentials.user, pass: credentials.pass } } : {}),
    connectionTimeout: t.connectionTimeoutMs ?? DEFAULT_TIMEOUTS.connectionMs,
    greetingTimeout: t.greetingTimeoutMs ?? DEFAULT_TIMEOUTS.greetingMs,
    socketTimeout: t.socketTimeoutMs ?? DEFAULT_TIMEOUTS.socketMs,
    socketCloseTimeout: 1_000,
    // Never log: the SMTP dialogue carries the credentials (AUTH PLAIN is base64 of the password).
    logger: false,
    debug: false,
    transactionLog: false,
  });
}

/** EHLO, then AUTH when a user name is set: proves host, port, security and credentials work. */
export async function verify(ctx: Ctx): Promise<void> {
  const mailer = transporter(ctx);
  try {
    await mailer.verify();
  } finally {
    mailer.close();
  }
}

/** One attempt at one message: connect, sign in, MAIL/RCPT/DATA, QUIT. */
export async function sendOnce(ctx: Ctx, message: SendMailOptions): Promise<SMTPSentMessageInfo> {
  const mailer = transporter(ctx);
  try {
    return await mailer.sendMail({ ...message, signal: ctx.signal });
  } finally {
    mailer.close();
  }
}
