/**
 * Identifier normalisation for matching records from different sources to one real thing. Every
 * function is pure: the same raw value always gives the same key, so matching is exact and repeatable.
 */

export const IDENTIFIER_TYPES = [
  'serial',
  'imei',
  'udid',
  'mac',
  'hostname_model',
  'email',
  'employee_id',
] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

export interface IdentifierKey {
  type: IdentifierType;
  value: string;
}

export interface RejectedIdentifier {
  type: IdentifierType;
  raw: string;
  reason: string;
}

/**
 * Placeholder serials that firmware, hypervisors and imaging tools report instead of a real one. Compared
 * after removing everything but letters and digits, upper-cased ("To be filled by O.E.M." → TOBEFILLEDBYOEM).
 */
const JUNK_SERIALS = new Set(
  [
    'To be filled by O.E.M.',
    'To be filled by OEM',
    'Default string',
    'System Serial Number',
    'Chassis Serial Number',
    'Base Board Serial Number',
    'Serial Number',
    'SerialNumber',
    'Not Specified',
    'Not Applicable',
    'Not Available',
    'Not Settable',
    'None',
    'N/A',
    'NA',
    'Null',
    'Undefined',
    'Unknown',
    'Invalid',
    'Empty',
    'Default',
    'OEM',
    'O.E.M.',
    'Type1ProductConfigId',
    '123456789',
    '1234567890',
    '0123456789',
    'ABCDEFGHIJ',
  ].map(squash),
);

function squash(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Why a serial cannot identify anything, or undefined when it can. */
export function junkSerialReason(serial: string, extra: readonly string[] = []): string | undefined {
  const key = squash(serial);
  if (key.length < 3) return 'too short to be a serial number';
  if (/^(.)\1+$/.test(key)) return 'a placeholder of one repeated character';
  if (JUNK_SERIALS.has(key) || extra.some((e) => squash(e) === key)) return 'a known placeholder serial';
  return undefined;
}

/** Serials are trimmed and upper-cased; inner runs of whitespace collapse to one space. */
export function normaliseSerial(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ').toUpperCase();
}

/**
 * Any common MAC spelling (`aa-bb-cc-dd-ee-ff`, `AA:BB:…`, `aabb.ccdd.eeff`, bare hex) → `aa:bb:cc:dd:ee:ff`.
 * Undefined when it is not 48 bits of hex.
 */
export function normaliseMac(raw: string): string | undefined {
  const hex = raw
    .trim()
    .toLowerCase()
    .replace(/[\s:.-]/g, '');
  if (!/^[0-9a-f]{12}$/.test(hex)) return undefined;
  return hex.match(/../g)!.join(':');
}

/**
 * OUIs of virtual adapters: every VM or container host hands out addresses from these, so they say
 * nothing about which machine they are on.
 */
const VIRTUAL_OUIS: Record<string, string> = {
  '00:05:69': 'VMware',
  '00:0c:29': 'VMware',
  '00:1c:14': 'VMware',
  '00:50:56': 'VMware',
  '00:15:5d': 'Hyper-V',
  '00:03:ff': 'Microsoft Virtual PC',
  '08:00:27': 'VirtualBox',
  '00:1c:42': 'Parallels',
  '00:16:3e': 'Xen',
};

/**
 * OUIs of USB Ethernet adapters and docking stations: the adapter moves from laptop to laptop, so its
 * address follows the desk, not the device.
 */
const ADAPTER_OUIS: Record<string, string> = {
  '00:50:b6': 'Good Way (docking stations)',
  '9c:eb:e8': 'BizLink (docking stations)',
  '00:0e:c6': 'ASIX (USB Ethernet)',
};

/** Single addresses that many devices share. */
const SHARED_MACS: Record<string, string> = {
  'ac:de:48:00:11:22': 'the Apple T2/Touch Bar internal interface, identical on every such Mac',
};

/** Why a (normalised) MAC cannot identify a device, or undefined when it can. */
export function unusableMacReason(mac: string, extraPrefixes: readonly string[] = []): string | undefined {
  if (mac === '00:00:00:00:00:00') return 'all zeros';
  if (mac === 'ff:ff:ff:ff:ff:ff') return 'broadcast';
  const first = parseInt(mac.slice(0, 2), 16);
  if (first & 0x01) return 'a multicast address';
  if (first & 0x02) return 'locally administered (randomised, virtual or private address)';
  const shared = SHARED_MACS[mac];
  if (shared) return `shared by many devices: ${shared}`;
  const oui = mac.slice(0, 8);
  if (VIRTUAL_OUIS[oui]) return `a virtual adapter (${VIRTUAL_OUIS[oui]})`;
  if (ADAPTER_OUIS[oui]) return `a removable adapter (${ADAPTER_OUIS[oui]})`;
  const extra = extraPrefixes.map((p) => normaliseMacPrefix(p)).find((p) => p && mac.startsWith(p));
  if (extra) return `on the tenant's list of ignored prefixes (${extra})`;
  return undefined;
}

function normaliseMacPrefix(raw: string): string | undefined {
  const hex = raw
    .trim()
    .toLowerCase()
    .replace(/[\s:.-]/g, '');
  if (!/^[0-9a-f]{2,12}$/.test(hex) || hex.length % 2) return undefined;
  return hex.match(/../g)!.join(':');
}

/** IMEI/MEID: digits only (14–16 of them, as written on the box or reported with a check digit). */
export function normaliseImei(raw: string): string | undefined {
  const digits = raw.replace(/[\s-]/g, '');
  return /^\d{14,16}$/.test(digits) && !/^(\d)\1+$/.test(digits) ? digits : undefined;
}

export function normaliseUdid(raw: string): string | undefined {
  const v = raw.trim().toUpperCase();
  return v.length >= 8 && !/^[0-]+$/.test(v) ? v : undefined;
}

export function normaliseEmail(raw: string): string | undefined {
  const v = raw.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(v) ? v : undefined;
}

export interface IdentificationSettings {
  /** Match devices on hostname + model when nothing stronger matches (off by default: hostnames repeat). */
  weakKeys: boolean;
  /** A MAC already on this many different entities stops identifying any of them. */
  macSharedLimit: number;
  extraJunkSerials: string[];
  ignoredMacPrefixes: string[];
}

export const DEFAULT_IDENTIFICATION: IdentificationSettings = {
  weakKeys: false,
  macSharedLimit: 2,
  extraJunkSerials: [],
  ignoredMacPrefixes: [],
};

export interface RawIdentifiers {
  serialNumber?: string | undefined;
  macAddresses?: string[] | undefined;
  imei?: string | undefined;
  meid?: string | undefined;
  udid?: string | undefined;
  hostname?: string | undefined;
  model?: string | undefined;
  email?: string | undefined;
  emails?: string[] | undefined;
  employeeId?: string | undefined;
}

/** An observation's identifiers as match keys, with each value that cannot identify and why. */
export function identifierKeys(
  ids: RawIdentifiers,
  settings: IdentificationSettings = DEFAULT_IDENTIFICATION,
): { keys: IdentifierKey[]; rejected: RejectedIdentifier[] } {
  const keys: IdentifierKey[] = [];
  const rejected: RejectedIdentifier[] = [];
  const add = (type: IdentifierType, value: string) => {
    if (!keys.some((k) => k.type === type && k.value === value)) keys.push({ type, value });
  };
  if (ids.serialNumber !== undefined) {
    const serial = normaliseSerial(ids.serialNumber);
    const why = junkSerialReason(serial, settings.extraJunkSerials);
    if (why) rejected.push({ type: 'serial', raw: ids.serialNumber, reason: why });
    else add('serial', serial);
  }
  for (const raw of [ids.imei, ids.meid]) {
    if (raw === undefined) continue;
    const v = normaliseImei(raw);
    if (v) add('imei', v);
    else rejected.push({ type: 'imei', raw, reason: 'not 14 to 16 digits' });
  }
  if (ids.udid !== undefined) {
    const v = normaliseUdid(ids.udid);
    if (v) add('udid', v);
    else rejected.push({ type: 'udid', raw: ids.udid, reason: 'not a device identifier' });
  }
  for (const raw of ids.macAddresses ?? []) {
    const mac = normaliseMac(raw);
    const why = mac ? unusableMacReason(mac, settings.ignoredMacPrefixes) : 'not a 48-bit MAC address';
    if (why || !mac) rejected.push({ type: 'mac', raw, reason: why ?? 'not a MAC' });
    else add('mac', mac);
  }
  if (settings.weakKeys && ids.hostname?.trim() && ids.model?.trim())
    add('hostname_model', `${ids.hostname.trim().toLowerCase()}|${ids.model.trim().toLowerCase()}`);
  for (const raw of [ids.email, ...(ids.emails ?? [])]) {
    if (raw === undefined) continue;
    const v = normaliseEmail(raw);
    if (v) add('email', v);
    else rejected.push({ type: 'email', raw, reason: 'not an e-mail address' });
  }
  if (ids.employeeId?.trim()) add('employee_id', ids.employeeId.trim());
  return { keys, rejected };
}

/** The order identification tries rules in, strongest first, per kind family. */
export const DEVICE_RULES: readonly IdentifierType[] = ['serial', 'imei', 'udid', 'mac', 'hostname_model'];
export const PERSON_RULES: readonly IdentifierType[] = ['email', 'employee_id'];
