import { z } from 'zod';
import { defineAction, type ConnectorContext } from '@steward/sdk';
import type { JamfConfig } from '../config.js';
import { readManagementId, sendMdmCommand } from '../transport.js';
import { computerIdSchema, computerTarget } from './computer-input.js';

export const lock = defineAction({
  title: 'Lock computer',
  description:
    'Sends the MDM Device Lock command: the Mac restarts to a lock screen that only the six-digit PIN opens.',
  inputSchema: z.object({
    computerId: computerIdSchema,
    pin: z.string().regex(/^\d{6}$/, 'six digits'),
    message: z.string().trim().min(1).max(500).optional(),
  }),
  reversible: false,
  destructive: false,
  target: computerTarget,
  async execute(ctx: ConnectorContext<JamfConfig>, input, { idempotencyKey }) {
    const managementId = await readManagementId(ctx, input.computerId);
    const commandData = {
      commandType: 'DEVICE_LOCK',
      pin: input.pin,
      ...(input.message ? { message: input.message } : {}),
    };
    const commandId = await sendMdmCommand(
      ctx,
      managementId,
      commandData,
      idempotencyKey,
      `the lock of computer ${input.computerId}`,
    );
    return {
      status: 'accepted',
      externalId: commandId,
      message: 'Jamf Pro queued the lock; the Mac locks when it next checks in with MDM.',
      data: { managementId, commandType: 'DEVICE_LOCK' },
    };
  },
});
