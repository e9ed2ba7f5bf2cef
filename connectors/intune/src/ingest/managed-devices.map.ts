import { z } from 'zod';
import { normaliseImei, normaliseMac, type ObservationIdentifiers } from '@steward/domain';
import { mapWith, type Observation } from '@steward/sdk';
import { deviceTypeOf } from './device-type.js';

export const MDM_NAME = 'Microsoft Intune';

const text = z.string().nullish();

/**
 * The fields of a Graph managedDevice the mapper reads. Everything but `id` may be absent (not selected)
 * or null; unknown fields (user, compliance, …) are ignored.
 */
export const managedDeviceSchema = z.object({
  id: z.string().min(1),
  deviceName: text,
  serialNumber: text,
  wiFiMacAddress: text,
  ethernetMacAddress: text,
  imei: text,
  meid: text,
  model: text,
  manufacturer: text,
  operatingSystem: text,
  osVersion: text,
  isEncrypted: z.boolean().nullish(),
  lastSyncDateTime: z.iso.datetime({ offset: true }).nullish(),
  totalStorageSpaceInBytes: z.number().nonnegative().nullish(),
});
export type ManagedDevice = z.infer<typeof managedDeviceSchema>;

const OS_NAMES: Record<string, string> = {
  windows: 'Windows',
  macos: 'macOS',
  ios: 'iOS',
  ipados: 'iPadOS',
  android: 'Android',
  linux: 'Linux',
  chromeos: 'ChromeOS',
};

/** The operating systems whose devices have an ethernet MAC worth the extra request. */
export function isComputer(operatingSystem: unknown): boolean {
  return typeof operatingSystem === 'string' && /^(windows|macos)$/i.test(operatingSystem.trim());
}

const MOBILE = /^(ios|ipados|android)/i;

function clean(value: string | null | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

/**
 * Graph writes "no date" as 0001-01-01T00:00:00Z (a device that never synced): that is not a sighting.
 * Graph's seven fractional digits are cut to milliseconds.
 */
export function graphDate(value: string | null | undefined): string | undefined {
  if (!value || value.startsWith('0001-01-01')) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/**
 * Intune's osVersion is "10.0.22631.4460" on Windows and "14.6.1 (23G93)" on macOS: the build goes to
 * osBuild (macOS also to match Jamf's version without the build).
 */
function osVersionOf(
  os: string | undefined,
  raw: string | undefined,
): { osVersion?: string; osBuild?: string } {
  if (!raw) return {};
  const apple = /^(\S+) \(([0-9A-Za-z]+)\)$/.exec(raw);
  if (apple?.[1] && apple[2]) return { osVersion: apple[1], osBuild: apple[2] };
  const windows = os === 'Windows' ? /^10\.0\.(\d+\.\d+)$/.exec(raw) : null;
  if (windows?.[1]) return { osVersion: raw, osBuild: windows[1] };
  return { osVersion: raw };
}

function macsOf(...raw: Array<string | null | undefined>): string[] {
  const macs = raw.map((m) => (m ? normaliseMac(m) : undefined)).filter((m): m is string => !!m);
  return [...new Set(macs)];
}

export const mapManagedDevice = mapWith(managedDeviceSchema, (d, { observedAt }): Observation => {
  const rawOs = clean(d.operatingSystem);
  const osName = rawOs ? (OS_NAMES[rawOs.toLowerCase()] ?? rawOs) : undefined;
  const name = clean(d.deviceName);
  // A phone's device name is "Ada's iPhone", not a host name.
  const hostname = name && !(rawOs && MOBILE.test(rawOs)) ? name : undefined;
  const serialNumber = clean(d.serialNumber);
  const macAddresses = macsOf(d.wiFiMacAddress, d.ethernetMacAddress);
  const imei = d.imei ? normaliseImei(d.imei) : undefined;
  const meid = clean(d.meid)?.replace(/\s+/g, '').toUpperCase();
  const model = clean(d.model);
  const lastSync = graphDate(d.lastSyncDateTime);

  const identifiers: ObservationIdentifiers = {};
  if (serialNumber) identifiers.serialNumber = serialNumber;
  if (macAddresses.length > 0) identifiers.macAddresses = macAddresses;
  if (imei) identifiers.imei = imei;
  if (meid) identifiers.meid = meid;
  if (hostname) identifiers.hostname = hostname;

  const { osVersion, osBuild } = osVersionOf(osName, clean(d.osVersion));
  const candidates: Record<string, unknown> = {
    name,
    hostname,
    serialNumber,
    imei,
    manufacturer: clean(d.manufacturer),
    model,
    deviceType: deviceTypeOf(osName, model),
    osName,
    osVersion,
    osBuild,
    diskEncrypted: d.isEncrypted ?? undefined,
    storageGb: d.totalStorageSpaceInBytes ? Math.round(d.totalStorageSpaceInBytes / 1e9) : undefined,
    lastCheckinAt: lastSync,
    mdmEnrolled: true,
    mdmName: MDM_NAME,
  };
  // Only what the record says: an absent value is left out rather than sent as a blank.
  const attributes = Object.fromEntries(Object.entries(candidates).filter(([, v]) => v !== undefined));

  return { sourceKey: d.id, kind: 'device', observedAt: lastSync ?? observedAt, identifiers, attributes };
});
