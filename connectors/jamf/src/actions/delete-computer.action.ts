import { z } from 'zod';
import { defineAction, isHttpError, type ConnectorContext } from '@steward/sdk';
import type { JamfConfig } from '../config.js';
import { deleteComputer as deleteInJamf } from '../transport.js';
import { computerIdSchema, computerTarget } from './computer-input.js';

export const deleteComputer = defineAction({
  title: 'Delete computer record',
  description:
    'Deletes the computer’s inventory record from Jamf Pro. The Mac itself is untouched, but Jamf stops ' +
    'managing it until it enrolls again.',
  inputSchema: z.object({ computerId: computerIdSchema }),
  reversible: false,
  destructive: true,
  target: computerTarget,
  resume: 'repeat',
  async execute(ctx: ConnectorContext<JamfConfig>, input, { idempotencyKey, resumingSince }) {
    let alreadyGone = false;
    try {
      await deleteInJamf(ctx, input.computerId, idempotencyKey);
    } catch (e) {
      // A 404 to a DELETE re-sent after a lost answer, or resumed after a crash, is the first one's work.
      const resent = resumingSince !== undefined || (isHttpError(e) && e.attempts > 1);
      if (!(isHttpError(e) && e.status === 404 && resent)) throw e;
      alreadyGone = true;
    }
    return {
      status: 'succeeded',
      message: alreadyGone
        ? `Jamf Pro no longer has computer ${input.computerId}: an earlier attempt deleted it.`
        : `Jamf Pro deleted computer ${input.computerId}.`,
      observations: [
        {
          sourceKey: input.computerId,
          kind: 'device',
          observedAt: ctx.now().toISOString(),
          identifiers: {},
          attributes: {},
          deleted: true,
        },
      ],
    };
  },
});
