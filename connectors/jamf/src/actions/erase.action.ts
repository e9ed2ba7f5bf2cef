import { z } from 'zod';
import { defineAction, type ConnectorContext } from '@steward/sdk';
import type { JamfConfig } from '../config.js';
import { computerIdSchema, computerTarget } from './computer-input.js';
import { findEarlierCommand, runCommand } from './mdm-command.js';

export const OBLITERATION_BEHAVIORS = [
  'Default',
  'DoNotObliterate',
  'ObliterateWithWarning',
  'Always',
] as const;

const inputSchema = z.object({
  computerId: computerIdSchema,
  pin: z.string().regex(/^\d{6}$/, 'six digits'),
  obliterationBehavior: z.enum(OBLITERATION_BEHAVIORS).default('Default'),
});

const command = (input: z.output<typeof inputSchema>) => ({
  computerId: input.computerId,
  commandData: {
    commandType: 'ERASE_DEVICE',
    pin: input.pin,
    obliterationBehavior: input.obliterationBehavior,
  },
  noun: 'the erase',
  then: 'the Mac is wiped when it next checks in with MDM',
});

export const erase = defineAction({
  title: 'Erase computer',
  description:
    'Sends the MDM Erase Device command: the Mac is wiped at its next check-in. Macs without a T2 chip or ' +
    'Apple silicon need the six-digit PIN to start up afterwards.',
  inputSchema,
  reversible: false,
  destructive: true,
  target: computerTarget,
  // Jamf keeps no idempotency key: a resumed erase looks for an ERASE_DEVICE queued since the cut-off attempt.
  resume: 'lookup',
  findEarlier: (ctx: ConnectorContext<JamfConfig>, input, { resumingSince }) =>
    findEarlierCommand(ctx, command(input), resumingSince),
  execute: (ctx: ConnectorContext<JamfConfig>, input, { idempotencyKey }) =>
    runCommand(ctx, {
      ...command(input),
      idempotencyKey,
      what: `the erase of computer ${input.computerId}`,
    }),
});
