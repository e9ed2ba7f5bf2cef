import { defineStream, isRecord, type ConnectorContext } from '@steward/sdk';
import type { JamfConfig } from '../config.js';
import { computerPages } from '../transport.js';
import { startOf } from './checkpoint.js';
import { mapComputer } from './computers.map.js';

export const computers = defineStream({
  kind: 'device',
  mode: 'full',
  description:
    'Every Jamf Pro computer with its hardware ids, OS, FileVault state and purchasing details, a page at a time.',
  async *read(ctx: ConnectorContext<JamfConfig>, checkpoint) {
    for await (const page of computerPages(ctx, startOf(checkpoint, 'computers'))) {
      yield { records: page.items, checkpoint: page.next };
    }
  },
  map: mapComputer,
  recordKey: (record) =>
    isRecord(record) && (typeof record.id === 'string' || typeof record.id === 'number')
      ? String(record.id)
      : undefined,
});
