import { z } from 'zod';
import { defineAction, type ConnectorContext } from '@steward/sdk';
import type { IntuneConfig } from '../config.js';
import { postDeviceAction } from '../transport.js';
import { deviceInputSchema, deviceTarget } from './device-input.js';
import { findEarlierAction } from './earlier-action.js';

export const wipe = defineAction({
  title: 'Wipe device',
  description: 'Factory-resets the device. Intune keeps its enrollment or the user data only when asked to.',
  inputSchema: deviceInputSchema.extend({
    keepEnrollmentData: z.boolean().optional(),
    keepUserData: z.boolean().optional(),
    /** The six-digit PIN a wiped Mac asks for (macOS only). */
    macOsUnlockCode: z
      .string()
      .regex(/^\d{6}$/, 'six digits')
      .optional(),
  }),
  reversible: false,
  destructive: true,
  target: deviceTarget,
  resume: 'lookup',
  findEarlier: (ctx: ConnectorContext<IntuneConfig>, input, { resumingSince }) =>
    findEarlierAction(ctx, input.deviceId, 'wipe', resumingSince, {
      noun: 'the wipe',
      then: 'the device erases itself at its next check-in',
    }),
  async execute(ctx: ConnectorContext<IntuneConfig>, input, { idempotencyKey }) {
    const { deviceId, ...options } = input;
    const body = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    await postDeviceAction(ctx, deviceId, 'wipe', idempotencyKey, body);
    return {
      status: 'accepted',
      message: 'Intune queued the wipe; the device erases itself at its next check-in.',
    };
  },
});
