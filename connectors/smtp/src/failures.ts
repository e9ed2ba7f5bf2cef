// The only file that reads nodemailer's errors: what a failure means for a retry, and how it is told.
import { errors } from '@steward/domain';
import type { NodemailerError } from 'nodemailer';
import type { SmtpConfig } from './config.js';

export interface RefusedRecipient {
  address: string;
  /** The server's reply, `550 5.1.1 <bob@…>: Recipient address rejected…`. */
  reply: string;
}

export type SmtpFailure =
  /** The server refused the user name and password (535 and the other 5xx AUTH replies). */
  | { kind: 'credentials'; reply: string }
  /** A permanent (5xx) refusal: the same message would be refused again. */
  | { kind: 'refused'; command: string; reply: string; recipients: RefusedRecipient[] }
  /** Turned away for now: a 4xx reply, a refused, dropped or timed-out connection. Worth another try. */
  | { kind: 'transient'; reason: string; dropped: boolean }
  /** Anything else (no such host, a TLS failure, a broken reply): trying again will not help. */
  | { kind: 'failed'; reason: string };

const MAX_REPLY = 300;

/** One line, bounded: a server reply goes into an error message and the action history. */
export function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_REPLY ? `${line.slice(0, MAX_REPLY)}…` : line;
}

const isRecord = (e: unknown): e is NodemailerError => typeof e === 'object' && e !== null;

// Socket failures a moment later may not repeat (a name that does not resolve will): true for a
// connection lost once open, false for one that never opened. nodemailer does not say which command
// was in flight, so a lost connection may have been lost after the server had the whole message.
const TRANSIENT_SOCKET: Record<string, boolean> = {
  ECONNREFUSED: false,
  EHOSTUNREACH: false,
  ENETUNREACH: false,
  ENETDOWN: false,
  EAI_AGAIN: false,
  ECONNRESET: true,
  EPIPE: true,
  ETIMEDOUT: true,
};

/** Only the verb of the command in flight: `AUTH PLAIN` is followed by the encoded credentials. */
const verbOf = (command: string | undefined) => (command ?? '').split(' ').slice(0, 2).join(' ');

function isPermanent(code: number, flag: boolean | undefined): boolean {
  return flag ?? (code >= 500 && code !== 503);
}

export function classify(error: unknown): SmtpFailure {
  if (!isRecord(error)) return { kind: 'failed', reason: String(error) };
  const code = error.responseCode;
  const reply = oneLine(error.response ?? error.message ?? '');

  if (error.code === 'EAUTH' || error.code === 'ENOAUTH') {
    if (code !== undefined && !isPermanent(code, error.permanent))
      return { kind: 'transient', reason: reply, dropped: false };
    return { kind: 'credentials', reply: code === undefined ? oneLine(error.message) : reply };
  }
  const rejected = error.rejectedErrors ?? [];
  if (rejected.length > 0) {
    const recipients = rejected.map((r) => ({
      address: r.recipient ?? '',
      reply: oneLine(r.response ?? r.message),
    }));
    const allPermanent = rejected.every(
      (r) => r.responseCode !== undefined && isPermanent(r.responseCode, r.permanent),
    );
    if (allPermanent) return { kind: 'refused', command: 'RCPT TO', reply, recipients };
    return { kind: 'transient', reason: recipients.map((r) => r.reply).join('; '), dropped: false };
  }
  if (code !== undefined) {
    if (isPermanent(code, error.permanent))
      return { kind: 'refused', command: verbOf(error.command), reply, recipients: [] };
    return { kind: 'transient', reason: reply, dropped: false };
  }
  const reason = oneLine(error.message ?? String(error));
  if (error.code === 'ECONNECTION') return { kind: 'transient', reason, dropped: true };
  if (error.code === 'ETIMEDOUT')
    return { kind: 'transient', reason, dropped: error.timeoutType === 'SOCKET_TIMEOUT' };
  const lost = error.code === 'ESOCKET' ? TRANSIENT_SOCKET[error.originalCode ?? ''] : undefined;
  if (lost !== undefined) return { kind: 'transient', reason, dropped: lost };
  return { kind: 'failed', reason };
}

export const serverOf = (config: SmtpConfig) => `${config.host}:${config.port}`;

/** The error an action reports for a failure that is not retried (any more). */
export function failureError(failure: SmtpFailure, config: SmtpConfig, attempts: number): Error {
  const server = serverOf(config);
  switch (failure.kind) {
    case 'credentials':
      return errors.upstream(
        `The SMTP server ${server} refused the credentials of ${config.username ?? '(no user)'}: ` +
          `${failure.reply}. Check the user name and password.`,
        [{ path: 'secrets.password', reason: 'refused by the server' }],
      );
    case 'refused': {
      if (failure.command.startsWith('STARTTLS'))
        return errors.upstream(`${describeFailure(failure, config)} Nothing was sent.`, [
          { path: 'security', reason: 'the server does not offer STARTTLS' },
        ]);
      const who =
        failure.recipients.length > 0
          ? ` for ${failure.recipients.map((r) => `${r.address} (${r.reply})`).join(', ')}`
          : `: ${failure.reply} (after ${failure.command || 'the connection'})`;
      return errors.upstream(
        `The SMTP server ${server} refused the message${who}. It was not sent, and will not be sent again.`,
        failure.recipients.length > 0
          ? failure.recipients.map((r) => ({ path: 'to', reason: `${r.address}: ${r.reply}` }))
          : [{ path: 'smtp', reason: failure.reply }],
      );
    }
    case 'transient':
      return errors.unavailable(
        `The SMTP server ${server} did not take the message in ${attempts} attempt${attempts === 1 ? '' : 's'} ` +
          `(last: ${failure.reason})` +
          (failure.dropped
            ? '; a connection was lost before the server confirmed the message, so if it was lost after ' +
              'the server had all of it, a copy may have arrived.'
            : '; it was not sent.'),
      );
    case 'failed':
      return errors.upstream(`Could not send through the SMTP server ${server}: ${failure.reason}`, [
        { path: 'smtp', reason: failure.reason },
      ]);
  }
}

/** The connection test's words for a failure. */
export function describeFailure(failure: SmtpFailure, config: SmtpConfig): string {
  const server = serverOf(config);
  switch (failure.kind) {
    case 'credentials':
      return `The SMTP server ${server} refused the credentials of ${config.username ?? '(no user)'}: ${failure.reply}`;
    case 'refused':
      if (failure.command.startsWith('STARTTLS'))
        return `The SMTP server ${server} does not offer STARTTLS (it answered ${failure.reply}); with security starttls nothing is sent unencrypted.`;
      return `The SMTP server ${server} refused ${failure.command || 'the connection'}: ${failure.reply}`;
    case 'transient':
      return `The SMTP server ${server} could not be reached or turned us away for now: ${failure.reason}`;
    case 'failed':
      return `Could not connect to the SMTP server ${server}: ${failure.reason}`;
  }
}
