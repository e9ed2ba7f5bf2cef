import { defineStream, isRecord, type ConnectorContext } from '@steward/sdk';
import type { JamfConfig } from '../config.js';
import { mobileDevicePages } from '../transport.js';
import { startOf } from './checkpoint.js';
import { mapMobileDevice, mobileSourceKey } from './mobile-devices.map.js';

export const mobileDevices = defineStream({
  kind: 'device',
  mode: 'full',
  description:
    'Every Jamf Pro mobile device (iPhone, iPad, Apple TV) with its hardware ids, OS, data protection and purchasing.',
  async *read(ctx: ConnectorContext<JamfConfig>, checkpoint) {
    for await (const page of mobileDevicePages(ctx, startOf(checkpoint, 'mobileDevices'))) {
      yield { records: page.items, checkpoint: page.next };
    }
  },
  map: mapMobileDevice,
  recordKey: (record) =>
    isRecord(record) &&
    (typeof record.mobileDeviceId === 'string' || typeof record.mobileDeviceId === 'number')
      ? mobileSourceKey(String(record.mobileDeviceId))
      : undefined,
});
