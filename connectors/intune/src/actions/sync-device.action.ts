import { defineAction, type ConnectorContext } from '@steward/sdk';
import type { IntuneConfig } from '../config.js';
import { postDeviceAction } from '../transport.js';
import { deviceInputSchema, deviceTarget } from './device-input.js';

export const syncDevice = defineAction({
  title: 'Sync device',
  description: 'Asks the device to check in with Intune now (policies, apps and inventory).',
  inputSchema: deviceInputSchema,
  reversible: false,
  destructive: false,
  target: deviceTarget,
  // A second sync request only asks the device to check in again.
  resume: 'repeat',
  async execute(ctx: ConnectorContext<IntuneConfig>, input, { idempotencyKey }) {
    await postDeviceAction(ctx, input.deviceId, 'syncDevice', idempotencyKey);
    return { status: 'accepted', message: 'Intune sent the sync request to the device.' };
  },
});
