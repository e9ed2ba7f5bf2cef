import { z } from 'zod';
import { defineAction, type ConnectorContext } from '@steward/sdk';
import type { JamfConfig } from '../config.js';
import { readManagementId, sendMdmCommand } from '../transport.js';
import { computerIdSchema, computerTarget } from './computer-input.js';

export const OBLITERATION_BEHAVIORS = [
  'Default',
  'DoNotObliterate',
  'ObliterateWithWarning',
  'Always',
] as const;

export const erase = defineAction({
  title: 'Erase computer',
  description:
    'Sends the MDM Erase Device command: the Mac is wiped at its next check-in. Macs without a T2 chip or ' +
    'Apple silicon need the six-digit PIN to start up afterwards.',
  inputSchema: z.object({
    computerId: computerIdSchema,
    pin: z.string().regex(/^\d{6}$/, 'six digits'),
    obliterationBehavior: z.enum(OBLITERATION_BEHAVIORS).default('Default'),
  }),
  reversible: false,
  destructive: true,
  target: computerTarget,
  async execute(ctx: ConnectorContext<JamfConfig>, input, { idempotencyKey }) {
    const managementId = await readManagementId(ctx, input.computerId);
    const commandId = await sendMdmCommand(
      ctx,
      managementId,
      { commandType: 'ERASE_DEVICE', pin: input.pin, obliterationBehavior: input.obliterationBehavior },
      idempotencyKey,
      `the erase of computer ${input.computerId}`,
    );
    return {
      status: 'accepted',
      externalId: commandId,
      message: 'Jamf Pro queued the erase; the Mac is wiped when it next checks in with MDM.',
      data: { managementId, commandType: 'ERASE_DEVICE' },
    };
  },
});
