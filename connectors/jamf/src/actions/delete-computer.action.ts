import { z } from 'zod';
import { defineAction, type ConnectorContext } from '@steward/sdk';
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
  async execute(ctx: ConnectorContext<JamfConfig>, input, { idempotencyKey }) {
    await deleteInJamf(ctx, input.computerId, idempotencyKey);
    return {
      status: 'succeeded',
      message: `Jamf Pro deleted computer ${input.computerId}.`,
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
