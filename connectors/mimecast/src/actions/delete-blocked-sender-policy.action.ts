import { defineAction, type ConnectorContext } from '@steward/sdk';
import { z } from 'zod';
import type { MimecastConfig } from '../config.js';
import { deletePolicy } from '../policies.js';

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
  async execute(ctx: ConnectorContext<MimecastConfig>, input) {
    const { alreadyGone } = await deletePolicy(ctx, input.id);
    return {
      status: 'succeeded',
      externalId: input.id,
      message: `${ctx.config.environment}: blocked-sender policy ${input.id} deleted${alreadyGone ? ' (the retried request found it already gone)' : ''}.`,
      data: { id: input.id },
    };
  },
});
