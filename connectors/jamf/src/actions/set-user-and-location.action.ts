import { z } from 'zod';
import { defineAction, type ConnectorContext } from '@steward/sdk';
import type { JamfConfig } from '../config.js';
import { patchComputer } from '../transport.js';
import { computerIdSchema, feedback, computerTarget } from './computer-input.js';

const field = (max: number) => z.string().trim().max(max).optional();

const userAndLocationSchema = z.object({
  username: field(255),
  realname: field(255),
  email: z.union([z.email(), z.literal('')]).optional(),
  position: field(255),
  phone: field(64),
  departmentId: z
    .string()
    .regex(/^-?\d+$/, 'a Jamf department id')
    .optional(),
  buildingId: z
    .string()
    .regex(/^-?\d+$/, 'a Jamf building id')
    .optional(),
  room: field(255),
});

export const setUserAndLocation = defineAction({
  title: 'Set user and location',
  description:
    'Writes the computer’s User and Location in Jamf Pro (user name, real name, e-mail, position, phone, ' +
    'department, building, room); fields left out keep their value, an empty string clears one.',
  inputSchema: userAndLocationSchema
    .extend({ computerId: computerIdSchema })
    .refine((i) => Object.keys(i).some((k) => k !== 'computerId'), 'name at least one field to set'),
  reversible: true,
  destructive: false,
  target: computerTarget,
  // A PATCH sets the fields to the values given: sent twice, they hold the same values.
  resume: 'repeat',
  async execute(ctx: ConnectorContext<JamfConfig>, input, { idempotencyKey }) {
    const { computerId, ...userAndLocation } = input;
    const record = await patchComputer(
      ctx,
      computerId,
      { userAndLocation },
      idempotencyKey,
      'the user and location update',
    );
    return {
      status: 'succeeded',
      message: `Jamf Pro updated ${Object.keys(userAndLocation).join(', ')} of computer ${computerId}.`,
      observations: feedback(record, ctx.now()),
    };
  },
});
