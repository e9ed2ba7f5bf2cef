import os from 'node:os';
import si from 'systeminformation';
import type { Inventory } from '@steward/protocol';
import { firewallEnabled } from './firewall.js';
import { mapInventory } from './map.js';
import type { RawInventory } from './raw.js';
import { listInstalledSoftware } from './software.js';

export type InventoryCollector = () => Promise<Inventory>;

/** The only place systeminformation is called. */
export async function collectRaw(): Promise<RawInventory> {
  const [
    system,
    chassis,
    osInfo,
    uuid,
    cpu,
    mem,
    network,
    blockDevices,
    diskLayout,
    fsSize,
    software,
    firewall,
  ] = await Promise.all([
    si.system(),
    si.chassis().catch(() => ({ type: '' })),
    si.osInfo(),
    si.uuid(),
    si.cpu(),
    si.mem(),
    si.networkInterfaces(),
    si.blockDevices().catch(() => []),
    si.diskLayout().catch(() => []),
    si.fsSize().catch(() => []),
    listInstalledSoftware(),
    firewallEnabled(),
  ]);
  return {
    hostname: os.hostname(),
    system,
    chassis: { type: chassis.type },
    os: osInfo,
    uuid,
    cpu,
    mem,
    network: Array.isArray(network) ? network : [network],
    blockDevices,
    diskLayout,
    fsSize,
    software,
    firewallEnabled: firewall,
  };
}

export const collectInventory: InventoryCollector = async () => mapInventory(await collectRaw());
