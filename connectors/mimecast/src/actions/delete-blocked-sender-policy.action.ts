import { defineAction, type ActionResult, type ConnectorContext } from '@steward/sdk';
import { z } from 'zod';
import type { MimecastConfig } from '../config.js';
import { deletePolicy, policyPages } from '../policies.js';

type Ctx = ConnectorContext<MimecastConfig>;

function deleted(ctx: Ctx, id: string, note = ''): ActionResult {
  return {
    status: 'succeeded',
    externalId: id,
    message: `${ctx.config.environment}: blocked-sender policy ${id} deleted${note}.`,
    data: { id },
  };
}

/**
 * Removes a blocked-sender policy. Not reversible (re-creating it gives a new id) and not destructive:
 * mail from the sender is simply no longer blocked by it. An unknown id is Mimecast's refusal, named.
 */
export const deleteBlockedSenderPolicy = defineAction({
  title: 'Delete blocked-sender policy',
  description: 'Deletes a blocked-senders policy by its id.',
  inputSchema: z.object({ id: z.string().trim().min(1).max(200) }).strict(),
  reversible: false,
  destructive: false,
  // Resumed after a crash, a policy no longer listed is the cut-off attempt's work; a listed one is deleted.
  resume: 'lookup',
  async findEarlier(ctx: Ctx, input) {
    for await (const page of policyPages(ctx)) if (page.some((p) => p.id === input.id)) return null;
    return deleted(ctx, input.id, ' (by an earlier attempt that was cut off)');
  },
  async execute(ctx: Ctx, input) {
    const { alreadyGone } = await deletePolicy(ctx, input.id);
    return deleted(ctx, input.id, alreadyGone ? ' (the retried request found it already gone)' : '');
  },
});
