import { defineAction, type ConnectorContext } from '@steward/sdk';
import type { IntuneConfig } from '../config.js';
import { deleteManagedDevice } from '../transport.js';
import { deviceInputSchema, deviceTarget } from './device-input.js';

export const deleteDevice = defineAction({
  title: 'Delete device record',
  description:
    'Deletes the device from Intune (the device is not wiped; it stops being managed and must re-enroll).',
  inputSchema: deviceInputSchema,
  reversible: false,
  destructive: true,
  target: deviceTarget,
  async execute(ctx: ConnectorContext<IntuneConfig>, input, { idempotencyKey }) {
    await deleteManagedDevice(ctx, input.deviceId, idempotencyKey);
    return {
      status: 'succeeded',
      message: 'Intune deleted the device record.',
      // The record is gone from this source: the twin hears it through the one observation pipeline.
      observations: [
        {
          sourceKey: input.deviceId,
          kind: 'device',
          observedAt: ctx.now().toISOString(),
          identifiers: {},
          attributes: {},
          deleted: true,
        },
      ],
    };
  },
});
