import type { DeviceType, SourcedObservation } from '@steward/domain';
import type { Inventory } from '@steward/protocol';
import { AGENT_SOURCE_KEY } from './source.js';

const GB = 1024 ** 3;

const CHASSIS: [RegExp, DeviceType][] = [
  [/notebook|laptop|portable|sub ?notebook|convertible|detachable/i, 'laptop'],
  [/tablet/i, 'tablet'],
  [/desktop|tower|mini pc|all in one|lunch ?box|space-saving/i, 'desktop'],
  [/rack|blade|server/i, 'server'],
];

function deviceType(inv: Inventory): DeviceType | undefined {
  const chassis = inv.chassis ?? '';
  for (const [pattern, type] of CHASSIS) if (pattern.test(chassis)) return type;
  if (/virtual|vmware|kvm|qemu|hyper-v/i.test(`${inv.model ?? ''} ${inv.manufacturer ?? ''}`))
    return 'virtual_machine';
  return undefined;
}

/** Whole-disk encryption as the agent saw it: yes only if every fixed disk that says is encrypted. */
function encrypted(inv: Inventory): boolean | undefined {
  const known = inv.disks.map((d) => d.encrypted).filter((e): e is boolean => e !== null);
  if (known.length === 0) return undefined;
  return known.every(Boolean);
}

const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** An agent's inventory as an observation from the `agent` source, keyed by the agent's id. */
export function inventoryObservation(
  agentId: string,
  observedAt: string,
  inv: Inventory,
): SourcedObservation {
  const macs = [...new Set(inv.network.filter((n) => !n.virtual && n.mac).map((n) => n.mac as string))];
  const storage = inv.disks.reduce((sum, d) => sum + (d.sizeBytes ?? 0), 0);
  return {
    source: AGENT_SOURCE_KEY,
    sourceKey: agentId,
    kind: 'device',
    observedAt,
    identifiers: defined({
      serialNumber: inv.serialNumber || undefined,
      macAddresses: macs.length ? macs.slice(0, 64) : undefined,
      hardwareIds: inv.hardwareUuid ? [inv.hardwareUuid] : undefined,
      hostname: inv.hostname || undefined,
    }),
    attributes: defined({
      name: inv.hostname || undefined,
      hostname: inv.hostname || undefined,
      deviceType: deviceType(inv),
      manufacturer: inv.manufacturer || undefined,
      model: inv.model || undefined,
      cpu: inv.cpu || undefined,
      memoryGb: inv.memoryBytes ? Math.round(inv.memoryBytes / GB) : undefined,
      storageGb: storage ? Math.round(storage / GB) : undefined,
      osName: inv.os.name || undefined,
      osVersion: inv.os.version || undefined,
      osBuild: inv.os.build || undefined,
      diskEncrypted: encrypted(inv),
      firewallEnabled: inv.firewallEnabled ?? undefined,
      lastCheckinAt: observedAt,
    }),
  };
}
