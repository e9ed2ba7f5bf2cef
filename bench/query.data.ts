// The synthetic fleet behind `npm run bench -- query`: deterministic, and a pure function of the row index.
//
// Every person and device is generated from its own seeded PRNG stream (seed, stream, index), never from a
// running generator, so device #123456 is the same whatever the batch size, the load order or whether the
// fleet was loaded in one go or grown from N/10 to N. The distributions aim at a plausible corporate fleet:
// mostly deployed, ~80% assigned to a person, macOS 13/14/15, Windows 10/11 builds, iOS/iPadOS, Android,
// some Linux servers; serials unique per tenant; names and e-mails from weighted name pools.
import { searchTokens } from '../apps/server/src/features/assets/asset.mapping.js';

export const SEED = 0x5eed_2025;

/** "Now" for the generated fleet; fixed so the data (timestamps included) is the same in every run. */
export const NOW_MS = Date.UTC(2025, 5, 1, 12, 0, 0);
const DAY = 86_400_000;
const YEAR = 365 * DAY;

/** 32-bit mix of a few integers (murmur3-style finaliser over an FNV-like fold). */
export function hash32(...xs: number[]): number {
  let h = 0x811c9dc5 ^ SEED;
  for (const x of xs) {
    h = Math.imul(h ^ (x >>> 0), 0x9e3779b1);
    h ^= h >>> 15;
    h = Math.imul(h ^ Math.floor(x / 4294967296), 0x85ebca6b);
    h ^= h >>> 13;
  }
  h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32: small, fast, good enough for test data. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  /** One of `table`'s values, with probability proportional to its weight. */
  weighted<T>(table: Weighted<T>): T {
    let x = this.next() * table.total;
    for (const [w, v] of table.entries) {
      x -= w;
      if (x < 0) return v;
    }
    return table.entries[table.entries.length - 1]![1];
  }
  chars(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }
}

export interface Weighted<T> {
  entries: [number, T][];
  total: number;
}

function weighted<T>(entries: [number, T][]): Weighted<T> {
  return { entries, total: entries.reduce((a, [w]) => a + w, 0) };
}

/** A heavy-tailed weighting of a name list: the k-th name has weight 1/(k+30), as real surnames roughly do. */
function zipf(names: readonly string[]): Weighted<string> {
  return weighted(names.map((n, k) => [1 / (k + 30), n]));
}

/** Streams keep the random draws of different kinds of rows independent. */
export const STREAM = {
  tenant: 1,
  location: 2,
  people1: 3,
  devices1: 4,
  people2: 5,
  devices2: 6,
  customField: 7,
  queries: 8,
} as const;

const hex = (v: number, len: number) => v.toString(16).padStart(len, '0');

/**
 * A UUIDv7-shaped id (time-ordered prefix like the app's newId()), unique per (stream, index) by
 * construction: the stream and index are written into the random part instead of random bits.
 */
export function uuid7(ms: number, stream: number, index: number, rng: Rng): string {
  const time = hex(Math.floor(ms), 12);
  const variant = 0x8000 | ((stream & 0xf) << 10) | rng.int(0x400);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(rng.int(0x1000), 3)}-${hex(variant, 4)}-${hex(index >>> 0, 8)}${hex(rng.int(0x10000), 4)}`;
}

// ---------------------------------------------------------------------------------------------------------
// Tenants, locations, people

export interface TenantSpec {
  key: 1 | 2;
  id: string;
  slug: string;
  name: string;
  peopleStream: number;
  devicesStream: number;
  /** Asset tag prefix: A0000001… in the first tenant, B0000001… in the second. */
  tagPrefix: string;
  emailDomain: string;
}

function tenant(key: 1 | 2): TenantSpec {
  return {
    key,
    id: uuid7(NOW_MS - 6 * YEAR, STREAM.tenant, key, new Rng(hash32(STREAM.tenant, key))),
    slug: key === 1 ? 'acme' : 'globex',
    name: key === 1 ? 'Acme Corporation' : 'Globex Ltd',
    peopleStream: key === 1 ? STREAM.people1 : STREAM.people2,
    devicesStream: key === 1 ? STREAM.devices1 : STREAM.devices2,
    tagPrefix: key === 1 ? 'A' : 'B',
    emailDomain: key === 1 ? 'acme.example' : 'globex.example',
  };
}

export const TENANT_1 = tenant(1);
export const TENANT_2 = tenant(2);
/** The second tenant's size: a few thousand devices, to prove that every query stays in its tenant. */
export const TENANT_2_DEVICES = 3000;
export const TENANT_2_PEOPLE = 1000;
/** The first SHARED devices of tenant 2 are the same hardware (same serials) as tenant 1's first ones. */
export const SHARED_SERIALS = 500;

// prettier-ignore
const CITIES = [
  'London', 'Berlin', 'Paris', 'Amsterdam', 'Dublin', 'Madrid', 'Warsaw', 'Stockholm', 'Zurich', 'Milan',
  'New York', 'Austin', 'Chicago', 'Seattle', 'Toronto', 'São Paulo', 'Mexico City', 'Singapore', 'Tokyo',
  'Sydney', 'Bangalore', 'Dubai', 'Johannesburg', 'Lagos', 'Nairobi', 'Seoul', 'Manila', 'Lisbon',
  'Prague', 'Vienna', 'Helsinki', 'Oslo', 'Copenhagen', 'Brussels', 'Munich', 'Boston', 'Denver',
  'Atlanta', 'Vancouver', 'Auckland',
] as const;
export const LOCATIONS_PER_TENANT = CITIES.length;

export interface LocationRow {
  id: string;
  tenant_id: string;
  name: string;
  address: string | null;
  created_at: string;
  updated_at: string;
}

export function location(t: TenantSpec, k: number): LocationRow {
  const rng = new Rng(hash32(STREAM.location, t.key, k));
  const ms = NOW_MS - 5 * YEAR;
  const at = new Date(ms).toISOString();
  return {
    id: uuid7(ms, STREAM.location, t.key * 1000 + k, rng),
    tenant_id: t.id,
    name: `${CITIES[k]} office`,
    address: `${1 + rng.int(300)} ${rng.pick(['High Street', 'Main Street', 'Harbour Road', 'Park Avenue'])}, ${CITIES[k]}`,
    created_at: at,
    updated_at: at,
  };
}

// prettier-ignore
const FIRST_NAMES = [
  'James', 'Mary', 'Wei', 'Fatima', 'Mohammed', 'Anna', 'John', 'Maria', 'David', 'Sarah', 'Michael',
  'Laura', 'Robert', 'Emma', 'Daniel', 'Sofia', 'Thomas', 'Olivia', 'Luca', 'Chloe', 'Ahmed', 'Priya',
  'Rahul', 'Aisha', 'Carlos', 'Lucia', 'Jan', 'Katarzyna', 'Piotr', 'Ingrid', 'Lars', 'Yuki', 'Hiroshi',
  'Min-jun', 'Ji-woo', 'Oluwaseun', 'Chinedu', 'Amara', 'Kwame', 'Ama', 'Diego', 'Valentina', 'Mateo',
  'Camila', 'Noah', 'Liam', 'Ava', 'Mia', 'Ethan', 'Isabella', 'Lucas', 'Hannah', 'Felix', 'Lea', 'Jonas',
  'Elena', 'Ivan', 'Olga', 'Dmitri', 'Nina', 'Arjun', 'Ananya', 'Vikram', 'Deepa', 'Chen', 'Li', 'Mei',
  'Hao', 'Nguyen', 'Linh', 'Omar', 'Layla', 'Youssef', 'Nour', 'Samuel', 'Grace', 'Benjamin', 'Zoe',
  'Alexander', 'Charlotte', 'William', 'Amelia', 'Henry', 'Evelyn', 'Sebastian', 'Harper', 'Jack', 'Ella',
  'Oscar', 'Freya', 'Leo', 'Alice', 'Hugo', 'Clara', 'Max', 'Julia', 'Paul', 'Sophie', 'Peter', 'Eva',
] as const;

// No apostrophes: the app indexes "o'brien" as the tokens "o" and "brien", but splits a search only on
// whitespace, so a search for "o'br" would find nothing (reported separately; not what this bench measures).
// prettier-ignore
const SURNAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green',
  'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Wang', 'Li',
  'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Kumar', 'Singh', 'Sharma', 'Patel',
  'Gupta', 'Reddy', 'Iyer', 'Nair', 'Khan', 'Ali', 'Hussain', 'Ahmed', 'Rahman', 'Hassan', 'Ibrahim',
  'Mueller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
  'Dubois', 'Durand', 'Lefebvre', 'Moreau', 'Laurent', 'Simon', 'Michel', 'Rossi', 'Russo', 'Ferrari',
  'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Nowak', 'Kowalski', 'Wisniewski', 'Wojcik',
  'Kowalczyk', 'Kaminski', 'Lewandowski', 'Zielinski', 'Jansen', 'DeVries', 'VanDijk', 'Bakker', 'Visser',
  'Smit', 'Meijer', 'Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsen',
  'Hansen', 'Nielsen', 'Jensen', 'Pedersen', 'Virtanen', 'Korhonen', 'Silva', 'Santos', 'Oliveira',
  'Souza', 'Costa', 'Pereira', 'Almeida', 'Ferreira', 'Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe',
  'Ito', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Kim', 'Park', 'Choi', 'Jung', 'Kang', 'Cho', 'Yoon',
  'Okafor', 'Adeyemi', 'Mensah', 'Boateng', 'Mwangi', 'Otieno', 'Dlamini', 'Nkosi', 'Ivanov', 'Petrov',
  'Sidorov', 'Popescu', 'Horvat', 'Novak', 'Kovacs', 'Nagy', 'Papadopoulos', 'Yilmaz', 'Kaya', 'Demir',
  'Cohen', 'Levi', 'Murphy', 'Kelly', 'Sullivan', 'Walsh', 'Byrne', 'Ryan', 'Oconnor', 'Mcdonald',
  'Stewart', 'Morrison', 'Fraser', 'Reid', 'Ross', 'Hughes', 'Evans', 'Edwards', 'Morgan', 'Price',
  'Bennett', 'Wood', 'Barnes', 'Fisher', 'Henderson', 'Coleman', 'Jenkins', 'Perry', 'Powell', 'Long',
  'Patterson', 'Butler', 'Simmons', 'Foster', 'Gonzales', 'Bryant', 'Alexander', 'Russell', 'Griffin',
  'Diaz', 'Hayes', 'Myers', 'Ford', 'Hamilton', 'Graham', 'Wallace', 'Woods', 'Cole', 'West',
  'Jordan', 'Owens', 'Reynolds', 'Ellis', 'Harrison', 'Gibson', 'Cruz', 'Marshall', 'Ortiz',
  'Gomez', 'Murray', 'Freeman', 'Wells', 'Webb', 'Tucker', 'Porter', 'Hunter', 'Hicks', 'Crawford',
] as const;
const SURNAME_WEIGHTS = zipf(SURNAMES);
const FIRST_NAME_WEIGHTS = zipf(FIRST_NAMES);

const DEPARTMENTS = weighted<string>([
  [30, 'Engineering'],
  [15, 'Sales'],
  [10, 'Operations'],
  [8, 'Customer Support'],
  [7, 'Marketing'],
  [6, 'Finance'],
  [5, 'People'],
  [5, 'Product'],
  [4, 'Legal'],
  [10, 'IT'],
]);

export interface PersonRow {
  id: string;
  tenant_id: string;
  email: string | null;
  employee_id: string | null;
  name: string;
  department: string | null;
  title: string | null;
  manager_id: string | null;
  location_id: string | null;
  status: string;
  legal_hold: number;
  start_date: string | null;
  end_date: string | null;
  created_at: string;
  updated_at: string;
}

/** Person #p of a tenant. */
export function person(t: TenantSpec, p: number): PersonRow {
  const rng = new Rng(hash32(t.peopleStream, p));
  const first = rng.weighted(FIRST_NAME_WEIGHTS);
  const last = rng.weighted(SURNAME_WEIGHTS);
  const startMs = NOW_MS - rng.int(8 * YEAR);
  const left = rng.chance(0.06);
  const createdMs = Math.max(startMs, NOW_MS - 6 * YEAR);
  const at = new Date(createdMs).toISOString();
  return {
    id: uuid7(createdMs, t.peopleStream, p, rng),
    tenant_id: t.id,
    // Unique per tenant by the index suffix, as a directory would disambiguate namesakes.
    email: `${first}.${last}.${p.toString(36)}@${t.emailDomain}`.toLowerCase(),
    employee_id: `E${String(100000 + p)}`,
    name: `${first} ${last}`,
    department: rng.weighted(DEPARTMENTS),
    title: rng.pick(['Engineer', 'Manager', 'Analyst', 'Specialist', 'Director', 'Associate', 'Lead']),
    manager_id: null,
    location_id: location(t, rng.int(LOCATIONS_PER_TENANT)).id,
    status: left ? 'terminated' : 'active',
    legal_hold: 0,
    start_date: new Date(startMs).toISOString().slice(0, 10),
    end_date: left ? new Date(NOW_MS - rng.int(YEAR)).toISOString().slice(0, 10) : null,
    created_at: at,
    updated_at: at,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Devices

export const LIFECYCLE = weighted<string>([
  [78, 'deployed'],
  [7, 'in_stock'],
  [1, 'ordered'],
  [1, 'received'],
  [2, 'in_repair'],
  [1, 'lost'],
  [0.5, 'stolen'],
  [5, 'retired'],
  [4.5, 'disposed'],
]);
/** Chance that a device in a state is assigned to someone: deployed ones are; lost/in repair often still are. */
const ASSIGNED_IN: Record<string, number> = {
  deployed: 1,
  in_repair: 0.5,
  lost: 0.5,
  stolen: 0.5,
  retired: 0.1,
};

type Os = { name: string; version: string; build: string };
const os = (name: string, entries: [number, string, string][]) =>
  weighted<Os>(entries.map(([w, version, build]) => [w, { name, version, build }]));

const MACOS = os('macOS', [
  [4, '13.6.9', '22G830'],
  [6, '13.7.1', '22H221'],
  [3, '13.7.2', '22H313'],
  [4, '14.4.1', '23E224'],
  [5, '14.5', '23F79'],
  [9, '14.6.1', '23G93'],
  [6, '14.7', '23H124'],
  [8, '14.7.1', '23H222'],
  [4, '14.7.2', '23H311'],
  [5, '15.0.1', '24A348'],
  [8, '15.1', '24B83'],
  [9, '15.1.1', '24B91'],
  [12, '15.2', '24C101'],
  [7, '15.3', '24D60'],
]);
const WINDOWS_11 = os('Windows 11 Enterprise', [
  [10, '10.0.22621.4317', '22621.4317'],
  [30, '10.0.22631.4460', '22631.4460'],
  [20, '10.0.22631.4602', '22631.4602'],
  [25, '10.0.26100.2605', '26100.2605'],
]);
const WINDOWS_10 = os('Windows 10 Enterprise', [
  [10, '10.0.19044.3086', '19044.3086'],
  [25, '10.0.19045.4894', '19045.4894'],
  [20, '10.0.19045.5247', '19045.5247'],
]);
/** A fleet mid-migration: about three in four Windows machines are on 11. */
const WINDOWS = weighted<Os>([
  ...WINDOWS_11.entries.map(([w, v]): [number, Os] => [(w / WINDOWS_11.total) * 75, v]),
  ...WINDOWS_10.entries.map(([w, v]): [number, Os] => [(w / WINDOWS_10.total) * 25, v]),
]);
const IOS = os('iOS', [
  [5, '16.7.10', '20H350'],
  [8, '17.6.1', '21G93'],
  [10, '17.7.2', '21H221'],
  [20, '18.1.1', '22B91'],
  [25, '18.2', '22C152'],
  [15, '18.3', '22D63'],
]);
const IPADOS = os('iPadOS', [
  [10, '17.7.2', '21H221'],
  [25, '18.1.1', '22B91'],
  [30, '18.2', '22C152'],
  [15, '18.3', '22D63'],
]);
const ANDROID = os('Android', [
  [20, '13', 'TQ3A.230901.001'],
  [45, '14', 'UP1A.231005.007'],
  [35, '15', 'AP3A.241105.008'],
]);
const UBUNTU = os('Ubuntu', [
  [40, '22.04', '5.15.0-125-generic'],
  [60, '24.04', '6.8.0-51-generic'],
]);

type Model = [name: string, identifier: string, cpu: string, family: string];
interface Profile {
  deviceType: string;
  manufacturer: string;
  models: readonly Model[];
  os: Weighted<Os>;
  /** The manufacturer-specific part of the serial; the last six characters make it unique. */
  serialHead: (rng: Rng) => string;
  memory: readonly number[];
  storage: readonly number[];
  price: [number, number];
  /** `who` is the assignee's first and last name, if any. */
  hostname: (rng: Rng, who: [string, string] | null, tagNo: string) => string | null;
  mdm: string;
  vendor: readonly string[];
  phone?: boolean;
  apple?: boolean;
}

const ALNUM = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

const MAC: Profile = {
  deviceType: 'laptop',
  manufacturer: 'Apple',
  models: [
    ['MacBook Pro 14-inch (M3 Pro, 2023)', 'Mac15,6', 'Apple M3 Pro', 'MacBook Pro'],
    ['MacBook Pro 16-inch (M3 Max, 2023)', 'Mac15,9', 'Apple M3 Max', 'MacBook Pro'],
    ['MacBook Pro 14-inch (M2 Pro, 2023)', 'Mac14,9', 'Apple M2 Pro', 'MacBook Pro'],
    ['MacBook Air 13-inch (M2, 2022)', 'Mac14,2', 'Apple M2', 'MacBook Air'],
    ['MacBook Air 15-inch (M3, 2024)', 'Mac15,13', 'Apple M3', 'MacBook Air'],
    ['MacBook Pro 14-inch (M4 Pro, 2024)', 'Mac16,8', 'Apple M4 Pro', 'MacBook Pro'],
    ['MacBook Pro 13-inch (M1, 2020)', 'MacBookPro17,1', 'Apple M1', 'MacBook Pro'],
  ],
  os: MACOS,
  serialHead: (rng) => rng.pick(['C02', 'FVF', 'H4T', 'K6W', 'L2X', 'MX7']) + rng.chars(ALNUM, 2),
  memory: [8, 16, 16, 18, 24, 32, 36],
  storage: [256, 512, 512, 1024, 2048],
  price: [1199, 3499],
  hostname: (_rng, who, tagNo) => (who ? `${slug(who[0]).slice(0, 1)}${slug(who[1])}-mbp` : `mac-${tagNo}`),
  mdm: 'Jamf Pro',
  vendor: ['Apple', 'CDW', 'Insight'],
  apple: true,
};
const WIN_LAPTOP: Profile = {
  deviceType: 'laptop',
  manufacturer: 'Dell',
  models: [
    ['Latitude 5440', 'Latitude 5440', 'Intel Core i5-1345U', 'Latitude'],
    ['Latitude 7440', 'Latitude 7440', 'Intel Core i7-1365U', 'Latitude'],
    ['XPS 13 9340', 'XPS 13 9340', 'Intel Core Ultra 7 155H', 'XPS'],
  ],
  os: WINDOWS,
  serialHead: (rng) => rng.chars(ALNUM, 1),
  memory: [8, 16, 16, 32],
  storage: [256, 512, 512, 1024],
  price: [899, 2199],
  hostname: (_rng, _who, tagNo) => `LT-${tagNo}`,
  mdm: 'Microsoft Intune',
  vendor: ['Dell', 'CDW', 'SHI'],
};
const LENOVO: Profile = {
  ...WIN_LAPTOP,
  manufacturer: 'Lenovo',
  models: [
    ['ThinkPad T14 Gen 4', '21HD', 'Intel Core i7-1355U', 'ThinkPad'],
    ['ThinkPad X1 Carbon Gen 11', '21HM', 'Intel Core i7-1365U', 'ThinkPad'],
    ['ThinkPad E14 Gen 5', '21JK', 'AMD Ryzen 5 7530U', 'ThinkPad'],
  ],
  serialHead: (rng) => `PF${rng.chars(ALNUM, 2)}`,
};
const HP: Profile = {
  ...WIN_LAPTOP,
  manufacturer: 'HP',
  models: [
    ['EliteBook 840 G10', '840 G10', 'Intel Core i5-1345U', 'EliteBook'],
    ['ProBook 450 G10', '450 G10', 'Intel Core i5-1335U', 'ProBook'],
  ],
  serialHead: (rng) => `5CG${rng.chars('0123456789', 3)}`,
  os: WINDOWS,
};
const DESKTOP: Profile = {
  ...WIN_LAPTOP,
  deviceType: 'desktop',
  models: [
    ['OptiPlex 7010', 'OptiPlex 7010', 'Intel Core i5-13500', 'OptiPlex'],
    ['OptiPlex 5000', 'OptiPlex 5000', 'Intel Core i5-12500', 'OptiPlex'],
  ],
  os: WINDOWS_10,
  price: [699, 1299],
  hostname: (rng) => `DESKTOP-${rng.chars(ALNUM, 7)}`,
};
const IPHONE: Profile = {
  deviceType: 'phone',
  manufacturer: 'Apple',
  models: [
    ['iPhone 15', 'iPhone15,4', 'Apple A16 Bionic', 'iPhone'],
    ['iPhone 15 Pro', 'iPhone16,1', 'Apple A17 Pro', 'iPhone'],
    ['iPhone 14', 'iPhone14,7', 'Apple A15 Bionic', 'iPhone'],
    ['iPhone 13', 'iPhone14,5', 'Apple A15 Bionic', 'iPhone'],
    ['iPhone SE (3rd generation)', 'iPhone14,6', 'Apple A15 Bionic', 'iPhone'],
  ],
  os: IOS,
  serialHead: (rng) => rng.chars(ALNUM, 4),
  memory: [4, 6, 8],
  storage: [128, 128, 256, 512],
  price: [429, 1199],
  hostname: () => null,
  mdm: 'Jamf Pro',
  vendor: ['Apple', 'Vodafone', 'AT&T'],
  phone: true,
  apple: true,
};
const IPAD: Profile = {
  ...IPHONE,
  deviceType: 'tablet',
  models: [
    ['iPad Air 11-inch (M2)', 'iPad14,8', 'Apple M2', 'iPad'],
    ['iPad (10th generation)', 'iPad13,18', 'Apple A14 Bionic', 'iPad'],
  ],
  os: IPADOS,
  phone: false,
};
const ANDROID_PHONE: Profile = {
  deviceType: 'phone',
  manufacturer: 'Samsung',
  models: [
    ['Galaxy S23', 'SM-S911B', 'Snapdragon 8 Gen 2', 'Galaxy'],
    ['Galaxy A54', 'SM-A546B', 'Exynos 1380', 'Galaxy'],
    ['Galaxy S24', 'SM-S921B', 'Exynos 2400', 'Galaxy'],
  ],
  os: ANDROID,
  serialHead: (rng) => `R5C${rng.chars(ALNUM, 2)}`,
  memory: [6, 8],
  storage: [128, 256],
  price: [349, 999],
  hostname: () => null,
  mdm: 'Microsoft Intune',
  vendor: ['Samsung', 'Vodafone'],
  phone: true,
};
const SERVER: Profile = {
  deviceType: 'server',
  manufacturer: 'Dell',
  models: [
    ['PowerEdge R650', 'PowerEdge R650', 'Intel Xeon Silver 4314', 'PowerEdge'],
    ['PowerEdge R750', 'PowerEdge R750', 'Intel Xeon Gold 6338', 'PowerEdge'],
  ],
  os: UBUNTU,
  serialHead: (rng) => rng.chars(ALNUM, 1),
  memory: [64, 128, 256],
  storage: [960, 1920, 3840],
  price: [4500, 14000],
  hostname: (rng) => `srv-${rng.pick(['db', 'app', 'ci', 'k8s', 'cache'])}-${rng.chars('0123456789', 3)}`,
  mdm: 'None',
  vendor: ['Dell', 'CDW'],
};

const PROFILES = weighted<Profile>([
  [33, MAC],
  [17, WIN_LAPTOP],
  [12, LENOVO],
  [7, HP],
  [7, DESKTOP],
  [13, IPHONE],
  [4, IPAD],
  [5, ANDROID_PHONE],
  [2, SERVER],
]);

const SERIAL_SPACE = 36n ** 6n;
// Coprime with 36 and near 0.62 x 36^6, so k -> k*STEP mod 36^6 is a bijection that scatters neighbours.
const SERIAL_STEP = 1_345_294_561n;
const SERIAL_OFFSET = 777_777_777n;
const TENANT_2_SERIAL_OFFSET = 1_500_000_000;

/** Six base-36 characters that differ for every distinct k < 36^6 (an affine bijection mod 36^6). */
export function uniqueTail(k: number): string {
  return ((BigInt(k) * SERIAL_STEP + SERIAL_OFFSET) % SERIAL_SPACE)
    .toString(36)
    .toUpperCase()
    .padStart(6, '0');
}

/** The asset columns in the order the loader writes them (the table's own order, minus nothing). */
export const ASSET_COLUMNS = [
  'id',
  'tenant_id',
  'kind',
  'name',
  'asset_tag',
  'serial_number',
  'device_type',
  'hostname',
  'imei',
  'udid',
  'manufacturer',
  'model',
  'model_identifier',
  'cpu',
  'memory_gb',
  'storage_gb',
  'os_name',
  'os_version',
  'os_build',
  'disk_encrypted',
  'edr_present',
  'edr_healthy',
  'firewall_enabled',
  'mdm_enrolled',
  'mdm_name',
  'last_checkin_at',
  'po_number',
  'vendor',
  'purchase_price',
  'purchase_date',
  'warranty_end',
  'lease_end',
  'depreciation_months',
  'assigned_person_id',
  'location_id',
  'lifecycle_state',
  'legal_hold',
  'disposal_method',
  'purchase_order_line_id',
  'disposed_at',
  'created_at',
  'updated_at',
  'version',
] as const;
export type AssetColumn = (typeof ASSET_COLUMNS)[number];
export type DeviceRow = Record<AssetColumn, string | number | null>;

export interface Device {
  row: DeviceRow;
  /** Index of the assigned person in the same tenant, or null. */
  personIndex: number | null;
  assignee: PersonRow | null;
  tags: string[];
  costCentre: string | null;
}

/**
 * Who device #i of a tenant is assigned to draws from the people that exist at the size it was loaded at:
 * the first `small` devices from the first ceil(small/3) people, the rest from all ceil(n/3).
 */
export interface Sizes {
  /** Devices of tenant 1 in the first stage (N/10). */
  small: number;
  /** Devices of tenant 1 in the end (N). */
  n: number;
}

export const peopleFor = (devices: number) => Math.ceil(devices / 3);

function peopleAvailable(t: TenantSpec, i: number, sizes: Sizes): number {
  if (t.key === 2) return TENANT_2_PEOPLE;
  return peopleFor(i < sizes.small ? sizes.small : sizes.n);
}

const TAGS = ['loaner', 'vip', 'kiosk', 'lab', 'shared', 'byod-exception', 'travel', 'refresh-2025'];

/** Device #i of tenant t. */
export function device(t: TenantSpec, i: number, sizes: Sizes): Device {
  const rng = new Rng(hash32(t.devicesStream, i));
  // The hardware (platform, model, serial) of tenant 2's first SHARED_SERIALS devices is tenant 1's.
  const sharedHw = t.key === 2 && i < SHARED_SERIALS;
  const hw = new Rng(hash32(sharedHw ? TENANT_1.devicesStream : t.devicesStream, i, 0x4857));
  const profile = hw.weighted(PROFILES);
  const [model, modelId, cpu, family] = hw.pick(profile.models);
  const serial =
    profile.serialHead(hw) + uniqueTail(t.key === 2 && !sharedHw ? TENANT_2_SERIAL_OFFSET + i : i);

  const createdMs = NOW_MS - rng.int(5 * YEAR);
  const state = rng.weighted(LIFECYCLE);
  const assigned = rng.chance(ASSIGNED_IN[state] ?? 0);
  const personIndex = assigned ? rng.int(peopleAvailable(t, i, sizes)) : null;
  const who = personIndex === null ? null : person(t, personIndex);
  const names = who ? (who.name.split(' ') as [string, string]) : null;
  const tagNo = String(i + 1).padStart(7, '0');
  const assetTag = `${t.tagPrefix}${tagNo}`;
  const hostname = profile.hostname(rng, names, tagNo);
  const name = who ? `${who.name}'s ${family}` : (hostname ?? `${family} ${assetTag}`);
  const o = rng.weighted(profile.os);
  const active = state === 'deployed' || state === 'in_repair' || state === 'in_stock';
  const edr = profile.deviceType !== 'phone' && profile.deviceType !== 'tablet' && rng.chance(0.93);
  const purchaseMs = createdMs - rng.int(30) * DAY;
  const price = profile.price[0] + rng.int(profile.price[1] - profile.price[0]);
  const retiredLike = state === 'retired' || state === 'disposed';
  const updatedMs = Math.min(NOW_MS, createdMs + rng.int(Math.max(1, NOW_MS - createdMs)));
  const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const id = uuid7(createdMs, t.devicesStream, i, rng);
  const row: DeviceRow = {
    id,
    tenant_id: t.id,
    kind: 'device',
    name,
    asset_tag: assetTag,
    serial_number: serial,
    device_type: profile.deviceType,
    hostname,
    imei: profile.phone ? `35${hw.chars('0123456789', 13)}` : null,
    udid: profile.apple && profile.deviceType !== 'laptop' ? hw.chars('0123456789ABCDEF', 40) : null,
    manufacturer: profile.manufacturer,
    model,
    model_identifier: modelId,
    cpu,
    memory_gb: hw.pick(profile.memory),
    storage_gb: hw.pick(profile.storage),
    os_name: o.name,
    os_version: o.version,
    os_build: o.build,
    disk_encrypted: rng.chance(0.95) ? 1 : 0,
    edr_present: edr ? 1 : 0,
    edr_healthy: edr ? (rng.chance(0.9) ? 1 : 0) : null,
    firewall_enabled: profile.deviceType === 'phone' ? null : rng.chance(0.88) ? 1 : 0,
    mdm_enrolled: profile.mdm === 'None' ? 0 : rng.chance(0.94) ? 1 : 0,
    mdm_name: profile.mdm === 'None' ? null : profile.mdm,
    last_checkin_at: active ? new Date(NOW_MS - rng.int(30 * DAY)).toISOString() : null,
    po_number: `PO-${new Date(purchaseMs).getUTCFullYear()}-${String(rng.int(100000)).padStart(5, '0')}`,
    vendor: rng.pick(profile.vendor),
    purchase_price: price,
    purchase_date: isoDate(purchaseMs),
    warranty_end: isoDate(purchaseMs + 3 * YEAR),
    lease_end: rng.chance(0.1) ? isoDate(purchaseMs + 3 * YEAR) : null,
    depreciation_months: 36,
    assigned_person_id: who ? who.id : null,
    location_id: rng.chance(0.85) ? location(t, rng.int(LOCATIONS_PER_TENANT)).id : null,
    lifecycle_state: state,
    legal_hold: rng.chance(0.002) ? 1 : 0,
    disposal_method:
      state === 'disposed'
        ? rng.pick(['recycled', 'donated', 'destroyed', 'sold', 'returned_to_lessor'])
        : null,
    purchase_order_line_id: null,
    disposed_at: state === 'disposed' ? new Date(updatedMs).toISOString() : null,
    created_at: new Date(createdMs).toISOString(),
    updated_at: new Date(updatedMs).toISOString(),
    version: 1 + rng.int(retiredLike ? 12 : 6),
  };
  const tags = rng.chance(0.08)
    ? [...new Set([rng.pick(TAGS), ...(rng.chance(0.3) ? [rng.pick(TAGS)] : [])])]
    : [];
  const costCentre = rng.chance(0.3) ? `CC-${1000 + rng.int(400)}` : null;
  return { row, personIndex, assignee: who, tags, costCentre };
}

/**
 * The search tokens of a device, exactly as refreshSearchTokens computes them: the app's own searchTokens()
 * over the same fields in the same order (name, serial, tag, hostname, model, PO, assignee name and e-mail).
 */
export function deviceTokens(d: Device): string[] {
  const r = d.row;
  const assignee = d.assignee;
  return searchTokens([
    r.name as string | null,
    r.serial_number as string | null,
    r.asset_tag as string | null,
    r.hostname as string | null,
    r.model as string | null,
    r.po_number as string | null,
    assignee?.name,
    assignee?.email,
  ]);
}

/** The custom field every device of tenant 1 may carry (30% do), so the page's custom-value read has work. */
export const COST_CENTRE_KEY = 'cf_cost_centre';
