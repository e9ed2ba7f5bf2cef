import { defineAction, type ConnectorContext } from '@steward/sdk';
import type { IntuneConfig } from '../config.js';
import { postDeviceAction } from '../transport.js';
import { deviceInputSchema, deviceTarget } from './device-input.js';
import { findEarlierAction } from './earlier-action.js';

export const remoteLock = defineAction({
  title: 'Lock device',
  description: 'Locks the screen of the device (Intune remoteLock); the user unlocks it with their passcode.',
  inputSchema: deviceInputSchema,
  reversible: false,
  destructive: false,
  target: deviceTarget,
  resume: 'lookup',
  findEarlier: (ctx: ConnectorContext<IntuneConfig>, input, { resumingSince }) =>
    findEarlierAction(ctx, input.deviceId, 'remoteLock', resumingSince, {
      noun: 'the remote lock',
      then: 'the device applies it at its next check-in',
    }),
  async execute(ctx: ConnectorContext<IntuneConfig>, input, { idempotencyKey }) {
    await postDeviceAction(ctx, input.deviceId, 'remoteLock', idempotencyKey);
    return {
      status: 'accepted',
      message: 'Intune queued the remote lock; the device applies it at its next check-in.',
    };
  },
});
