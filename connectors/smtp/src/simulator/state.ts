import type { FaultPlan } from '@steward/sdk/simulator';
import { z } from 'zod';

/** One message the server accepted (answered 250 after DATA), as read back from its raw text. */
export interface ReceivedMessage {
  /** The server's queue id, as its 250 reply names it. */
  id: string;
  receivedAt: string;
  /** The user the client signed in as. */
  user: string | null;
  envelope: { from: string; to: string[] };
  messageId: string | null;
  idempotencyKey: string | null;
  subject: string | null;
  /** The From, To and Cc headers as written (decoded). */
  from: string | null;
  to: string | null;
  cc: string | null;
  text: string | null;
  html: string | null;
  /** Every header, lower-case names, decoded. */
  headers: Record<string, string>;
  size: number;
}

export type SmtpStage = 'auth' | 'mail' | 'rcpt' | 'data';

/** One answer the server gave to a command the faults or the checks care about; 0 = connection dropped. */
export interface SmtpEvent {
  stage: SmtpStage;
  code: number;
  /** The user (auth), sender (mail) or recipient (rcpt). */
  address?: string;
  at: number;
}

/** Faults the control API takes; each but mailbox_unavailable counts mail transactions (MAIL FROM). */
export const smtpFaultSchema = z.discriminatedUnion('type', [
  /** The next `times` messages are answered 451 (or `code`) after DATA: not delivered, try later. */
  z.strictObject({
    type: z.literal('temporary'),
    times: z.int().min(1).max(1000).default(1),
    code: z.union([z.literal(450), z.literal(451), z.literal(452)]).default(451),
    after: z.int().min(0).optional(),
  }),
  /** RCPT TO this mailbox is answered 550 (for `times` transactions, or until reset). */
  z.strictObject({
    type: z.literal('mailbox_unavailable'),
    recipient: z.email(),
    times: z.int().min(1).max(1000).optional(),
  }),
  /** The next `times` MAIL FROM are answered 421 (too many connections) and the connection closed. */
  z.strictObject({
    type: z.literal('rate_limit'),
    times: z.int().min(1).max(1000).default(1),
    after: z.int().min(0).optional(),
  }),
  /** The next `times` messages lose their connection mid-DATA, before the server answers. */
  z.strictObject({
    type: z.literal('drop_connection'),
    times: z.int().min(1).max(1000).default(1),
    after: z.int().min(0).optional(),
  }),
]);
export type SmtpFault = z.input<typeof smtpFaultSchema>;

/**
 * What the SMTP server holds: every accepted message (never de-duplicated, like a real server), the
 * answers it gave, and the mailboxes it refuses. Timed faults live in the kit's FaultPlan, which the
 * SMTP listener consults once per mail transaction.
 */
export class SmtpSimulatorState {
  readonly messages: ReceivedMessage[] = [];
  readonly events: SmtpEvent[] = [];
  /** Lower-case mailbox → how many more RCPT TO it refuses (Infinity: until reset). */
  private readonly refused = new Map<string, number>();

  constructor(readonly faults: FaultPlan) {}

  inject(fault: SmtpFault): void {
    const f = smtpFaultSchema.parse(fault);
    if (f.type === 'mailbox_unavailable') {
      this.refused.set(f.recipient.toLowerCase(), f.times ?? Infinity);
      return;
    }
    const after = f.after === undefined ? {} : { after: f.after };
    if (f.type === 'temporary')
      this.faults.inject({ type: 'server_error', times: f.times, status: f.code, ...after });
    else if (f.type === 'rate_limit') this.faults.inject({ type: 'rate_limit', times: f.times, ...after });
    else this.faults.inject({ type: 'drop_connection', times: f.times, ...after });
  }

  /** Whether RCPT TO `address` is refused now; counts the refusal. */
  refuses(address: string): boolean {
    const key = address.toLowerCase();
    const left = this.refused.get(key) ?? 0;
    if (left <= 0) return false;
    if (left === 1) this.refused.delete(key);
    else this.refused.set(key, left - 1);
    return true;
  }

  refusedMailboxes(): string[] {
    return [...this.refused.keys()];
  }

  record(stage: SmtpStage, code: number, address?: string): void {
    this.events.push({ stage, code, ...(address === undefined ? {} : { address }), at: Date.now() });
  }

  /** Answers of one stage, in order: `['451', '250']`. */
  codes(stage: SmtpStage): number[] {
    return this.events.filter((e) => e.stage === stage).map((e) => e.code);
  }

  clearFaults(): void {
    this.faults.clear();
    this.refused.clear();
  }

  reset(): void {
    this.messages.length = 0;
    this.events.length = 0;
    this.clearFaults();
  }
}
