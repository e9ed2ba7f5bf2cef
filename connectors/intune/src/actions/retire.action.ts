import { defineAction, type ConnectorContext } from '@steward/sdk';
import type { IntuneConfig } from '../config.js';
import { postDeviceAction } from '../transport.js';
import { deviceInputSchema, deviceTarget } from './device-input.js';
import { findEarlierAction } from './earlier-action.js';

export const retire = defineAction({
  title: 'Retire device',
  description:
    'Removes company data, apps and profiles and takes the device out of management; personal data stays.',
  inputSchema: deviceInputSchema,
  reversible: false,
  destructive: true,
  target: deviceTarget,
  resume: 'lookup',
  findEarlier: (ctx: ConnectorContext<IntuneConfig>, input, { resumingSince }) =>
    findEarlierAction(ctx, input.deviceId, 'retire', resumingSince, {
      noun: 'the retire',
      then: 'the device leaves management when it applies it',
    }),
  async execute(ctx: ConnectorContext<IntuneConfig>, input, { idempotencyKey }) {
    await postDeviceAction(ctx, input.deviceId, 'retire', idempotencyKey);
    return {
      status: 'accepted',
      message: 'Intune queued the retire; the device leaves management when it applies it.',
    };
  },
});
