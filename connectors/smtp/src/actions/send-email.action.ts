import { createHash } from 'node:crypto';
import { defineAction, sleep, type ConnectorContext, type Json } from '@steward/sdk';
import type { SendMailOptions, SMTPSentMessageInfo } from 'nodemailer';
import { z } from 'zod';
import type { SmtpConfig } from '../config.js';
import { classify, failureError, oneLine, type SmtpFailure } from '../failures.js';
import { sendOnce } from '../mailer.js';

/** RFC 5322's limit for a header line, which the subject must fit. */
export const MAX_SUBJECT = 998;
export const MAX_RECIPIENTS = 50;
const MAX_BODY = 1_000_000;

const address = z.email().max(254);
const notBlank = (s: string) => s.trim() !== '';

export const sendEmailInputSchema = z
  .object({
    to: z.array(address).min(1).max(MAX_RECIPIENTS),
    cc: z.array(address).max(MAX_RECIPIENTS).optional(),
    subject: z
      .string()
      .min(1)
      .max(MAX_SUBJECT)
      .refine(notBlank, 'must not be blank')
      .refine((s) => !/[\r\n]/.test(s), 'must be one line'),
    /** The plain-text body; every message has one, also when `html` is given. */
    text: z.string().min(1).max(MAX_BODY),
    html: z.string().min(1).max(MAX_BODY).optional(),
  })
  .strict();
export type SendEmailInput = z.output<typeof sendEmailInputSchema>;

/**
 * `<40 hex digits of sha256(key)@steward.invalid>`: every attempt of one dispatch carries the same
 * Message-ID, so a copy that got through twice (a connection lost after the server took the message)
 * is recognisably the same message.
 */
export function messageIdOf(idempotencyKey: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@steward.invalid>`;
}

/** The key as an X-Steward-Idempotency-Key value: as is when printable ASCII, else its hash. */
export function idempotencyHeaderOf(idempotencyKey: string): string {
  if (/^[\x21-\x7e][\x20-\x7e]*$/.test(idempotencyKey) && idempotencyKey.length <= 200) return idempotencyKey;
  return `sha256:${createHash('sha256').update(idempotencyKey).digest('hex')}`;
}

type Ctx = ConnectorContext<SmtpConfig>;

/**
 * Sends, and sends again after a failure that left the message undelivered for now (4xx, a refused,
 * dropped or timed-out connection), with backoff, up to `maxRetries` re-sends. A 5xx refusal and bad
 * credentials are final. A connection lost mid-DATA means the server did not take the message (it
 * must not deliver an incomplete one); only a loss after the final dot and before the server's 250
 * can leave a copy behind, which then has the same Message-ID as the one sent again.
 */
async function deliver(
  ctx: Ctx,
  message: SendMailOptions,
): Promise<{ info: SMTPSentMessageInfo; attempts: number }> {
  const { maxRetries = 3, backoffBaseMs = 1_000, backoffMaxMs = 30_000 } = ctx.config.advanced;
  let dropped = false;
  for (let attempt = 1; ; attempt++) {
    try {
      return { info: await sendOnce(ctx, message), attempts: attempt };
    } catch (e) {
      if (ctx.signal.aborted) throw e;
      const failure: SmtpFailure = classify(e);
      if (failure.kind !== 'transient' || attempt > maxRetries) {
        const told =
          failure.kind === 'transient' ? { ...failure, dropped: dropped || failure.dropped } : failure;
        throw failureError(told, ctx.config, attempt);
      }
      dropped ||= failure.dropped;
      const cap = Math.min(backoffMaxMs, backoffBaseMs * 2 ** (attempt - 1));
      await sleep(Math.round(cap / 2 + (Math.random() * cap) / 2), ctx.signal);
    }
  }
}

export const sendEmail = defineAction({
  title: 'Send email',
  description:
    'Sends a message (plain text, optionally with an HTML version) from the configured address through ' +
    'the SMTP server. Messages the server turns away for now are sent again; a refused recipient is reported.',
  inputSchema: sendEmailInputSchema,
  reversible: false,
  destructive: false,
  // SMTP has no way to ask whether a message went: one cut off by a crash may arrive twice when resumed
  // (with the same Message-ID, so mail clients can tell), never lost.
  resume: 'at-least-once',
  async execute(ctx: Ctx, input, meta) {
    const { config } = ctx;
    const messageId = messageIdOf(meta.idempotencyKey);
    const { info, attempts } = await deliver(ctx, {
      from: config.fromName ? { name: config.fromName, address: config.fromAddress } : config.fromAddress,
      to: input.to,
      ...(input.cc?.length ? { cc: input.cc } : {}),
      subject: input.subject,
      text: input.text,
      ...(input.html !== undefined ? { html: input.html } : {}),
      messageId,
      headers: { 'X-Steward-Idempotency-Key': idempotencyHeaderOf(meta.idempotencyKey) },
    });
    // Some recipients refused, the others accepted: the message went out, so this is no failure (a
    // retry would send the accepted ones a second copy); the refusals are reported with it.
    const rejected = (info.rejectedErrors ?? []).map((r) => ({
      address: r.recipient ?? '',
      reply: oneLine(r.response ?? r.message),
    }));
    const accepted = info.accepted.map(String);
    const refusedText = rejected.length
      ? ` The server refused ${rejected.map((r) => `${r.address} (${r.reply})`).join(', ')}.`
      : '';
    const data: Json = {
      messageId,
      accepted,
      rejected,
      attempts,
      response: oneLine(info.response),
      ...(info.serverMessageId ? { serverMessageId: info.serverMessageId } : {}),
    };
    return {
      status: 'succeeded',
      externalId: info.serverMessageId ?? messageId,
      message: `Sent "${oneLine(input.subject).slice(0, 80)}" to ${accepted.join(', ')}.${refusedText}`,
      data,
    };
  },
});
