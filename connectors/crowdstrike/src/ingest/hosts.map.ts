import type { DeviceType } from '@steward/domain';
import { mapWith, type Observation, type ObservationIdentifiers } from '@steward/sdk';
import { z } from 'zod';

// CrowdStrike leaves a field out, sends null, or sends "" for the same "unknown".
const text = z.string().nullish();

/** The fields of a host (`POST /devices/entities/devices/v2`) Steward reads; the rest is ignored. */
export const hostSchema = z.object({
  device_id: z.string().min(1),
  hostname: text,
  serial_number: text,
  mac_address: text,
  connection_mac_address: text,
  platform_name: text,
  os_version: text,
  os_build: text,
  system_manufacturer: text,
  system_product_name: text,
  product_type_desc: text,
  chassis_type_desc: text,
  last_seen: z.iso.datetime({ offset: true }).nullish(),
  status: text,
  reduced_functionality_mode: text,
});
export type FalconHost = z.infer<typeof hostSchema>;

const present = (value: string | null | undefined): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

const OS_NAMES: Readonly<Record<string, string>> = { Mac: 'macOS', Windows: 'Windows', Linux: 'Linux' };

const LAPTOP_CHASSIS = new Set([
  'laptop',
  'notebook',
  'portable',
  'sub notebook',
  'convertible',
  'detachable',
]);
const DESKTOP_CHASSIS = new Set([
  'desktop',
  'low profile desktop',
  'tower',
  'mini tower',
  'all in one',
  'mini pc',
  'space-saving',
]);

/**
 * Servers and domain controllers are servers. A workstation's form factor comes from its chassis type when
 * the sensor reports one; otherwise it is left unsaid rather than guessed (an MDM knows better).
 */
export function deviceTypeOf(
  productType: string | undefined,
  chassis: string | undefined,
): DeviceType | undefined {
  const product = productType?.toLowerCase();
  if (product === 'server' || product === 'domain controller') return 'server';
  const form = chassis?.toLowerCase();
  if (!form) return undefined;
  if (LAPTOP_CHASSIS.has(form)) return 'laptop';
  if (DESKTOP_CHASSIS.has(form)) return 'desktop';
  return undefined;
}

/** Healthy: not contained (nor on the way in or out of containment) and not in reduced functionality mode. */
function edrHealthyOf(
  status: string | undefined,
  reducedFunctionality: string | undefined,
): boolean | undefined {
  if (!status) return undefined;
  return status.toLowerCase() === 'normal' && reducedFunctionality?.toLowerCase() !== 'yes';
}

// Apple hosts report the model identifier ("Mac15,6") as their product name, not the marketing name.
const APPLE_MODEL_IDENTIFIER = /^[A-Za-z]+\d+,\d+$/;

/** MAC and connection MAC, once each (they are often the same interface), in the vendor's own format. */
function macsOf(host: FalconHost): string[] {
  const seen = new Map<string, string>();
  for (const raw of [host.mac_address, host.connection_mac_address]) {
    const mac = present(raw);
    const key = mac?.replace(/[^0-9a-f]/gi, '').toLowerCase();
    if (mac && key && !seen.has(key)) seen.set(key, mac);
  }
  return [...seen.values()];
}

function compact(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}

/** One Falcon host → one device observation. Hosts without a serial (about a fifth) match by MAC only. */
export const mapHost = mapWith(hostSchema, (host, { observedAt }): Observation => {
  const serialNumber = present(host.serial_number);
  const macAddresses = macsOf(host);
  const hostname = present(host.hostname);
  const platform = present(host.platform_name);
  const manufacturer = present(host.system_manufacturer);
  const product = present(host.system_product_name);
  const appleIdentifier =
    product !== undefined && /^apple/i.test(manufacturer ?? '') && APPLE_MODEL_IDENTIFIER.test(product);
  const lastSeen = host.last_seen ?? undefined;
  const identifiers: ObservationIdentifiers = {};
  if (serialNumber) identifiers.serialNumber = serialNumber;
  if (macAddresses.length > 0) identifiers.macAddresses = macAddresses;
  return {
    sourceKey: host.device_id,
    kind: 'device',
    observedAt: lastSeen ?? observedAt,
    identifiers,
    attributes: compact({
      name: hostname,
      hostname,
      deviceType: deviceTypeOf(present(host.product_type_desc), present(host.chassis_type_desc)),
      manufacturer,
      model: appleIdentifier ? undefined : product,
      modelIdentifier: appleIdentifier ? product : undefined,
      osName: platform ? (OS_NAMES[platform] ?? platform) : undefined,
      osVersion: present(host.os_version),
      osBuild: present(host.os_build),
      lastCheckinAt: lastSeen,
      edrPresent: true,
      edrHealthy: edrHealthyOf(present(host.status), present(host.reduced_functionality_mode)),
    }),
  };
});
