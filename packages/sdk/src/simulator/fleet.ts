import { seededRandom, type SeededRandom } from './random.js';

/**
 * One organisation's devices and people as every simulator sees them, so fleets overlap across vendors
 * the way real ones do: a Mac is in Jamf and CrowdStrike with the same serial, a Windows laptop in Intune
 * and CrowdStrike, some CrowdStrike hosts report no serial (only MACs), and Okta/Google hold the people
 * devices are assigned to. Deterministic: the same options give the same fleet.
 */
export interface FleetOptions {
  devices: number;
  /** People default to ~0.8 per device (spares and shared devices exist). */
  people?: number;
  seed?: number;
}

export type SimPlatform = 'macOS' | 'Windows' | 'iOS' | 'iPadOS' | 'Linux';

export interface SimPerson {
  index: number;
  /** Stable across vendors, e.g. `00u1a2b…` shapes are the vendor's business; this is ours. */
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  employeeId: string;
  department: string;
  title: string;
  active: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface SimDevice {
  index: number;
  /** Stable per device; vendors derive their own ids from it. */
  id: string;
  platform: SimPlatform;
  deviceType: 'laptop' | 'desktop' | 'phone' | 'tablet' | 'server';
  manufacturer: string;
  model: string;
  modelIdentifier: string;
  serialNumber: string;
  hostname: string;
  /** Canonical upper-case colon form; vendors render their own format. */
  wifiMac: string;
  ethernetMac: string | null;
  imei: string | null;
  udid: string | null;
  osVersion: string;
  osBuild: string;
  encrypted: boolean;
  memoryGb: number;
  storageGb: number;
  assignee: SimPerson | null;
  enrolledAt: string;
  lastSeenAt: string;
  purchase: { poNumber: string; vendor: string; price: number; purchasedOn: string; warrantyEnd: string };
  /** Which systems know the device. */
  inJamf: boolean;
  inIntune: boolean;
  inCrowdStrike: boolean;
  /** CrowdStrike reports no serial for this host (≈ 20% of its hosts). */
  edrWithoutSerial: boolean;
}

export interface SimFleet {
  devices: SimDevice[];
  people: SimPerson[];
  /** Epoch of the fleet's timestamps: every date is before it. */
  now: string;
}

const FIRST = [
  'Ada',
  'Ben',
  'Chloe',
  'Dev',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemi',
  'Liam',
  'Maya',
  'Nikhil',
  'Olga',
  'Pablo',
  'Quinn',
  'Rosa',
  'Sam',
  'Tariq',
  'Uma',
  'Victor',
  'Wen',
  'Yara',
  'Zoe',
];
const LAST = [
  'Adams',
  'Bauer',
  'Chen',
  'Diaz',
  'Evans',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ito',
  'Jensen',
  'Kowalski',
  'Lopez',
  'Nakamura',
  'Okafor',
  'Patel',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Varga',
  'Weber',
];
const DEPARTMENTS = ['Engineering', 'Sales', 'Marketing', 'Finance', 'People', 'Support', 'Legal', 'IT'];
const TITLES = ['Engineer', 'Manager', 'Analyst', 'Specialist', 'Director', 'Associate'];
const VENDORS = ['CDW', 'Insight', 'SHI', 'Apple Business', 'Dell Direct'];

interface ModelSpec {
  platform: SimPlatform;
  deviceType: SimDevice['deviceType'];
  manufacturer: string;
  model: string;
  modelIdentifier: string;
  versions: readonly (readonly [string, string])[];
  price: number;
  weight: number;
  serial(r: SeededRandom): string;
}

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const chars = (r: SeededRandom, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[Math.floor(r.next() * ALNUM.length)];
  return s;
};

const MODELS: readonly ModelSpec[] = [
  {
    platform: 'macOS',
    deviceType: 'laptop',
    manufacturer: 'Apple',
    model: 'MacBook Pro (14-inch, M3)',
    modelIdentifier: 'Mac15,6',
    versions: [
      ['14.6.1', '23G93'],
      ['15.1', '24B83'],
      ['15.2', '24C101'],
    ],
    price: 2399,
    weight: 32,
    serial: (r) => `C02${chars(r, 9)}`,
  },
  {
    platform: 'macOS',
    deviceType: 'laptop',
    manufacturer: 'Apple',
    model: 'MacBook Air (13-inch, M2)',
    modelIdentifier: 'Mac14,2',
    versions: [
      ['14.6.1', '23G93'],
      ['15.2', '24C101'],
    ],
    price: 1299,
    weight: 18,
    serial: (r) => `FVF${chars(r, 9)}`,
  },
  {
    platform: 'Windows',
    deviceType: 'laptop',
    manufacturer: 'Dell Inc.',
    model: 'Latitude 7440',
    modelIdentifier: '0C2D',
    versions: [
      ['11 23H2', '22631.4460'],
      ['11 24H2', '26100.2314'],
    ],
    price: 1650,
    weight: 20,
    serial: (r) => chars(r, 7),
  },
  {
    platform: 'Windows',
    deviceType: 'laptop',
    manufacturer: 'LENOVO',
    model: 'ThinkPad X1 Carbon Gen 11',
    modelIdentifier: '21HM',
    versions: [
      ['11 23H2', '22631.4460'],
      ['10 22H2', '19045.5131'],
    ],
    price: 1890,
    weight: 12,
    serial: (r) => `PF${chars(r, 6)}`,
  },
  {
    platform: 'iOS',
    deviceType: 'phone',
    manufacturer: 'Apple',
    model: 'iPhone 15',
    modelIdentifier: 'iPhone15,4',
    versions: [
      ['17.6.1', '21G93'],
      ['18.2', '22C152'],
    ],
    price: 799,
    weight: 10,
    serial: (r) => chars(r, 10),
  },
  {
    platform: 'iPadOS',
    deviceType: 'tablet',
    manufacturer: 'Apple',
    model: 'iPad Air (M2)',
    modelIdentifier: 'iPad14,8',
    versions: [['18.1', '22B83']],
    price: 599,
    weight: 4,
    serial: (r) => chars(r, 10),
  },
  {
    platform: 'Linux',
    deviceType: 'server',
    manufacturer: 'Dell Inc.',
    model: 'PowerEdge R760',
    modelIdentifier: 'R760',
    versions: [['Ubuntu 22.04', '5.15.0-122']],
    price: 9800,
    weight: 4,
    serial: (r) => chars(r, 7),
  },
];
const TOTAL_WEIGHT = MODELS.reduce((s, m) => s + m.weight, 0);

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();
const isoDate = (ms: number): string => iso(ms).slice(0, 10);
const hex2 = (n: number): string => (n & 0xff).toString(16).toUpperCase().padStart(2, '0');

/** A globally administered (not randomised) MAC, unique per (device, interface). */
function macOf(index: number, iface: number): string {
  const oui = iface === 0 ? [0x3c, 0x22, 0xfb] : [0xf4, 0x8e, 0x38];
  const bytes = [...oui, (index >>> 16) & 0xff, (index >>> 8) & 0xff, index & 0xff];
  return bytes.map(hex2).join(':');
}

function pickModel(r: SeededRandom): ModelSpec {
  let roll = r.next() * TOTAL_WEIGHT;
  for (const m of MODELS) {
    roll -= m.weight;
    if (roll <= 0) return m;
  }
  return MODELS[0] as ModelSpec;
}

function person(index: number, r: SeededRandom): SimPerson {
  const firstName = r.pick(FIRST);
  const lastName = r.pick(LAST);
  const created = NOW - r.int(30, 2000) * DAY;
  return {
    index,
    id: `p${index}`,
    firstName,
    lastName,
    email: `${firstName}.${lastName}.${index}@example.com`.toLowerCase(),
    employeeId: `E${String(100000 + index)}`,
    department: r.pick(DEPARTMENTS),
    title: r.pick(TITLES),
    active: !r.chance(0.04),
    createdAt: iso(created),
    lastLoginAt: r.chance(0.9) ? iso(NOW - r.int(0, 20) * DAY - r.int(0, DAY)) : null,
  };
}

function device(index: number, r: SeededRandom, people: readonly SimPerson[]): SimDevice {
  const m = pickModel(r);
  const [osVersion, osBuild] = r.pick(m.versions);
  const serialNumber = `${m.serial(r)}${index.toString(36).toUpperCase()}`;
  const computer = m.deviceType === 'laptop' || m.deviceType === 'desktop' || m.deviceType === 'server';
  const apple = m.manufacturer === 'Apple';
  const purchasedOn = NOW - r.int(30, 1400) * DAY;
  const enrolled = purchasedOn + r.int(1, 20) * DAY;
  const assignee = m.deviceType === 'server' || people.length === 0 || r.chance(0.08) ? null : r.pick(people);
  const stem = assignee
    ? `${assignee.firstName.toLowerCase()}-${m.platform === 'macOS' ? 'mbp' : 'pc'}`
    : 'host';
  return {
    index,
    id: `d${index}`,
    platform: m.platform,
    deviceType: m.deviceType,
    manufacturer: m.manufacturer,
    model: m.model,
    modelIdentifier: m.modelIdentifier,
    serialNumber,
    hostname: `${stem}-${index}`,
    wifiMac: macOf(index, 0),
    ethernetMac: computer && r.chance(0.6) ? macOf(index, 1) : null,
    imei: m.deviceType === 'phone' ? `35${String(100000000000 + index).slice(-12)}0` : null,
    udid: apple
      ? `${(0x10000000 + index).toString(16).toUpperCase()}-0000-4000-8000-${String(index).padStart(12, '0')}`
      : null,
    osVersion,
    osBuild,
    encrypted: r.chance(0.93),
    memoryGb: m.deviceType === 'server' ? 256 : r.pick([8, 16, 16, 32]),
    storageGb: m.deviceType === 'server' ? 4000 : r.pick([256, 512, 512, 1000]),
    assignee,
    enrolledAt: iso(enrolled),
    lastSeenAt: iso(NOW - r.int(0, r.chance(0.05) ? 60 : 3) * DAY - r.int(0, DAY)),
    purchase: {
      poNumber: `PO-${2023 + (index % 4)}-${String(1000 + Math.floor(index / 25))}`,
      vendor: apple ? 'Apple Business' : r.pick(VENDORS),
      price: m.price,
      purchasedOn: isoDate(purchasedOn),
      warrantyEnd: isoDate(purchasedOn + 3 * 365 * DAY),
    },
    inJamf: apple,
    // Windows is Intune-managed; a few Macs are co-managed.
    inIntune: m.platform === 'Windows' || (apple && computer && r.chance(0.1)),
    inCrowdStrike: computer && (m.platform === 'Linux' || r.chance(0.97)),
    edrWithoutSerial: r.chance(0.2),
  };
}

export function simulatedFleet(options: FleetOptions): SimFleet {
  const r = seededRandom(options.seed ?? 1);
  const peopleCount = options.people ?? Math.max(1, Math.round(options.devices * 0.8));
  const people = Array.from({ length: peopleCount }, (_, i) => person(i + 1, r));
  const devices = Array.from({ length: options.devices }, (_, i) => device(i + 1, r, people));
  return { devices, people, now: iso(NOW) };
}

/** A MAC in a vendor's rendering: `dash` aa-bb-…, `colon` AA:BB:…, `cisco` aabb.ccdd.eeff, `bare` AABBCC…. */
export function formatMac(mac: string, style: 'dash' | 'colon' | 'colon-lower' | 'cisco' | 'bare'): string {
  const hex = mac.replace(/[^0-9a-fA-F]/g, '');
  const pairs = hex.match(/../g) ?? [];
  switch (style) {
    case 'dash':
      return pairs.join('-').toLowerCase();
    case 'colon':
      return pairs.join(':').toUpperCase();
    case 'colon-lower':
      return pairs.join(':').toLowerCase();
    case 'cisco':
      return (hex.toLowerCase().match(/..../g) ?? []).join('.');
    case 'bare':
      return hex.toUpperCase();
  }
}
