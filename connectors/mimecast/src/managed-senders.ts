// Managed senders: `POST /api/managedsender/permit-or-block-sender`, one entry per sender/recipient pair.
import type { ConnectorContext } from '@steward/sdk';
import { z } from 'zod';
import type { MimecastConfig } from './config.js';
import { call, type CallResult } from './transport.js';

export const MANAGED_SENDER_PATH = '/api/managedsender/permit-or-block-sender';

export type ManagedSenderAction = 'block' | 'permit';

export interface ManagedSenderRequest {
  /** An e-mail address or a whole domain. */
  sender: string;
  /** The internal recipient it applies to; absent: every user of the account. */
  to?: string;
  action: ManagedSenderAction;
}

export const managedSenderSchema = z.looseObject({
  id: z.string().min(1),
  sender: z.string(),
  to: z.string().nullish(),
  type: z.string(),
});
export type ManagedSender = z.infer<typeof managedSenderSchema>;

/**
 * Blocks or permits senders in one request. Mimecast has no idempotency key, but the call is idempotent
 * by nature: blocking a blocked sender answers the same entry again, so it is safe to re-send after a
 * lost answer, a 5xx or a retryable fail[] entry.
 */
export function permitOrBlockSenders(
  ctx: ConnectorContext<MimecastConfig>,
  items: readonly ManagedSenderRequest[],
  what: string,
): Promise<CallResult<ManagedSender>> {
  const data = items.map(({ sender, to, action }) => (to ? { sender, to, action } : { sender, action }));
  return call(ctx, MANAGED_SENDER_PATH, data, { what, item: managedSenderSchema, repeatable: true });
}
