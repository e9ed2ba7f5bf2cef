import { z } from 'zod';
import { defineAction, type ConnectorContext } from '@steward/sdk';
import type { JamfConfig } from '../config.js';
import { computerIdSchema, computerTarget } from './computer-input.js';
import { findEarlierCommand, runCommand } from './mdm-command.js';

const inputSchema = z.object({
  computerId: computerIdSchema,
  pin: z.string().regex(/^\d{6}$/, 'six digits'),
  message: z.string().trim().min(1).max(500).optional(),
});

const command = (input: z.output<typeof inputSchema>) => ({
  computerId: input.computerId,
  commandData: {
    commandType: 'DEVICE_LOCK',
    pin: input.pin,
    ...(input.message ? { message: input.message } : {}),
  },
  noun: 'the lock',
  then: 'the Mac locks when it next checks in with MDM',
});

export const lock = defineAction({
  title: 'Lock computer',
  description:
    'Sends the MDM Device Lock command: the Mac restarts to a lock screen that only the six-digit PIN opens.',
  inputSchema,
  reversible: false,
  destructive: false,
  target: computerTarget,
  // Jamf keeps no idempotency key: a resumed lock looks for a DEVICE_LOCK queued since the cut-off attempt.
  resume: 'lookup',
  findEarlier: (ctx: ConnectorContext<JamfConfig>, input, { resumingSince }) =>
    findEarlierCommand(ctx, command(input), resumingSince),
  execute: (ctx: ConnectorContext<JamfConfig>, input, { idempotencyKey }) =>
    runCommand(ctx, {
      ...command(input),
      idempotencyKey,
      what: `the lock of computer ${input.computerId}`,
    }),
});
