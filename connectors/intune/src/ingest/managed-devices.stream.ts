import { defineStream, isRecord, type ConnectorContext, type Json } from '@steward/sdk';
import { mapConcurrent } from '../concurrency.js';
import type { IntuneConfig } from '../config.js';
import { managedDevicePages, nextLinkSchema, readEthernetMac, type NextLink } from '../transport.js';
import { isComputer, mapManagedDevice } from './managed-devices.map.js';

type Ctx = ConnectorContext<IntuneConfig>;

function startOf(checkpoint: Json | undefined): NextLink | null {
  if (checkpoint === undefined || checkpoint === null) return null;
  const parsed = nextLinkSchema.safeParse(checkpoint);
  if (!parsed.success) throw new Error('The managedDevices checkpoint is not a saved @odata.nextLink.');
  return parsed.data;
}

/**
 * Graph leaves ethernetMacAddress null in the list, so each Windows and macOS device of a page is read
 * once more for it before the page is handed over. The checkpoint is the page's nextLink, so a run
 * interrupted mid-page re-reads that one page (and its devices' MACs), nothing before it.
 */
async function withEthernetMacs(ctx: Ctx, items: unknown[]): Promise<unknown[]> {
  return mapConcurrent(items, ctx.config.detailConcurrency, async (item) => {
    if (!isRecord(item) || typeof item.id !== 'string' || !isComputer(item.operatingSystem)) return item;
    const ethernetMacAddress = await readEthernetMac(ctx, item.id);
    return ethernetMacAddress === undefined ? item : { ...item, ethernetMacAddress };
  });
}

export const managedDevices = defineStream({
  kind: 'device',
  mode: 'full',
  description:
    'Every Intune managed device (Windows, macOS, iOS/iPadOS, Android) with its hardware ids, OS and encryption.',
  async *read(ctx: Ctx, checkpoint) {
    for await (const page of managedDevicePages(ctx, startOf(checkpoint))) {
      yield { records: await withEthernetMacs(ctx, page.items), checkpoint: page.next };
    }
  },
  map: mapManagedDevice,
  recordKey: (record) => (isRecord(record) && typeof record.id === 'string' ? record.id : undefined),
});
