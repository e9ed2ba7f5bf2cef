import { defineAction, isHttpError, type ConnectorContext } from '@steward/sdk';
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
  resume: 'repeat',
  async execute(ctx: ConnectorContext<IntuneConfig>, input, { idempotencyKey, resumingSince }) {
    let alreadyGone = false;
    try {
      await deleteManagedDevice(ctx, input.deviceId, idempotencyKey);
    } catch (e) {
      // A 404 to a DELETE re-sent after a lost answer, or resumed after a crash, is the first one's work.
      const resent = resumingSince !== undefined || (isHttpError(e) && e.attempts > 1);
      if (!(isHttpError(e) && e.status === 404 && resent)) throw e;
      alreadyGone = true;
    }
    return {
      status: 'succeeded',
      message: alreadyGone
        ? 'Intune no longer has the device record: an earlier attempt deleted it.'
        : 'Intune deleted the device record.',
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
