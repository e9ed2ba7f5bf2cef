import { z } from 'zod';
import { defineAction, type ConnectorContext } from '@steward/sdk';
import type { JamfConfig } from '../config.js';
import { patchComputer } from '../transport.js';
import { computerIdSchema, feedback, computerTarget } from './computer-input.js';

export const setExtensionAttribute = defineAction({
  title: 'Set extension attribute',
  description:
    'Writes one computer extension attribute in Jamf Pro by its definition id; a multi-value attribute ' +
    'takes several values, an empty list clears it.',
  inputSchema: z.object({
    computerId: computerIdSchema,
    definitionId: z.string().trim().regex(/^\d+$/, 'a Jamf extension attribute definition id'),
    values: z.array(z.string().max(10_000)).max(100),
  }),
  reversible: true,
  destructive: false,
  target: computerTarget,
  // A PATCH sets the fields to the values given: sent twice, they hold the same values.
  resume: 'repeat',
  async execute(ctx: ConnectorContext<JamfConfig>, input, { idempotencyKey }) {
    const record = await patchComputer(
      ctx,
      input.computerId,
      { extensionAttributes: [{ definitionId: input.definitionId, values: input.values }] },
      idempotencyKey,
      `the update of extension attribute ${input.definitionId}`,
    );
    return {
      status: 'succeeded',
      message: `Jamf Pro set extension attribute ${input.definitionId} of computer ${input.computerId}.`,
      observations: feedback(record, ctx.now()),
    };
  },
});
