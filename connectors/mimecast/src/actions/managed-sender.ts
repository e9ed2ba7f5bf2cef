// What blockSender and permitSender share: the input, one managed-sender request, the result.
import { errors } from '@steward/domain';
import type { ActionResult, ConnectorContext } from '@steward/sdk';
import { z } from 'zod';
import type { MimecastConfig } from '../config.js';
import { permitOrBlockSenders, type ManagedSenderAction } from '../managed-senders.js';

// Only the shape is checked here: Mimecast is the judge of a valid address and names the field if not.
const address = z
  .string()
  .trim()
  .min(1)
  .max(254)
  .regex(/^\S+$/, 'an e-mail address or domain, without spaces')
  .transform((s) => s.toLowerCase());

export const managedSenderInputSchema = z
  .object({
    /** An e-mail address (`bad@spam.example`) or a whole domain (`spam.example`). */
    sender: address,
    /** The recipient the entry applies to; omitted: every user of the account. */
    to: address.optional(),
  })
  .strict();
export type ManagedSenderInput = z.output<typeof managedSenderInputSchema>;

export async function runManagedSender(
  ctx: ConnectorContext<MimecastConfig>,
  action: ManagedSenderAction,
  input: ManagedSenderInput,
): Promise<ActionResult> {
  const what = `${action} sender`;
  const { data } = await permitOrBlockSenders(ctx, [{ ...input, action }], what);
  const entry = data[0];
  if (!entry) throw errors.upstream(`Mimecast accepted ${what} ${input.sender} but answered no entry.`);
  const scope = entry.to ? `for ${entry.to}` : 'for all users';
  return {
    status: 'succeeded',
    externalId: entry.id,
    message: `${ctx.config.environment}: ${entry.sender} is now ${entry.type === 'Block' ? 'blocked' : 'permitted'} ${scope}.`,
    data: { id: entry.id, sender: entry.sender, to: entry.to ?? null, type: entry.type },
  };
}
