import type { Rng } from './random.js';

export const FIRST = [
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
  'Xavier',
  'Yara',
  'Zoe',
];
export const LAST = [
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
  'Müller',
  'Nakamura',
  'Okafor',
  'Patel',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Ueda',
  'Varga',
  'Weber',
  'Yilmaz',
  'Zhang',
];
export const DEPARTMENTS = [
  'Engineering',
  'Sales',
  'Marketing',
  'Finance',
  'People',
  'Support',
  'Legal',
  'Operations',
  'Design',
  'IT',
];
export const LOCATIONS = [
  ['London HQ', '1 King William St, London'],
  ['Berlin', 'Torstraße 1, Berlin'],
  ['New York', '100 Broadway, New York'],
  ['Austin', '500 Congress Ave, Austin'],
  ['Singapore', '1 Raffles Place, Singapore'],
  ['Remote (UK)', null],
  ['Remote (US)', null],
  ['IT depot', 'Unit 4, Park Royal, London'],
] as const;

interface Model {
  manufacturer: string;
  model: string;
  modelIdentifier: string;
  deviceType: 'laptop' | 'desktop' | 'phone' | 'tablet' | 'server';
  osName: string;
  versions: readonly string[];
  price: number;
  serial: (r: Rng) => string;
}

const alnum = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const chars = (r: Rng, n: number) => Array.from({ length: n }, () => r.pick([...alnum])).join('');

export const MODELS: readonly (readonly [Model, number])[] = [
  [
    {
      manufacturer: 'Apple',
      model: 'MacBook Pro 14" (M3)',
      modelIdentifier: 'Mac15,6',
      deviceType: 'laptop',
      osName: 'macOS',
      versions: ['14.6.1', '15.1', '15.2', '13.6.9'],
      price: 2399,
      serial: (r) => `C02${chars(r, 9)}`,
    },
    30,
  ],
  [
    {
      manufacturer: 'Apple',
      model: 'MacBook Air 13" (M2)',
      modelIdentifier: 'Mac14,2',
      deviceType: 'laptop',
      osName: 'macOS',
      versions: ['14.6.1', '15.1', '15.2'],
      price: 1299,
      serial: (r) => `FVF${chars(r, 9)}`,
    },
    20,
  ],
  [
    {
      manufacturer: 'Dell',
      model: 'Latitude 7440',
      modelIdentifier: '0C2D',
      deviceType: 'laptop',
      osName: 'Windows',
      versions: ['11 23H2', '11 24H2', '10 22H2'],
      price: 1650,
      serial: (r) => chars(r, 7),
    },
    18,
  ],
  [
    {
      manufacturer: 'Lenovo',
      model: 'ThinkPad X1 Carbon Gen 11',
      modelIdentifier: '21HM',
      deviceType: 'laptop',
      osName: 'Windows',
      versions: ['11 23H2', '11 24H2'],
      price: 1890,
      serial: (r) => `PF${chars(r, 6)}`,
    },
    12,
  ],
  [
    {
      manufacturer: 'Apple',
      model: 'iPhone 15',
      modelIdentifier: 'iPhone15,4',
      deviceType: 'phone',
      osName: 'iOS',
      versions: ['17.6.1', '18.1', '18.2'],
      price: 799,
      serial: (r) => chars(r, 10),
    },
    10,
  ],
  [
    {
      manufacturer: 'Apple',
      model: 'iPad Air (M2)',
      modelIdentifier: 'iPad14,8',
      deviceType: 'tablet',
      osName: 'iPadOS',
      versions: ['17.6', '18.1'],
      price: 599,
      serial: (r) => chars(r, 10),
    },
    4,
  ],
  [
    {
      manufacturer: 'Dell',
      model: 'OptiPlex 7010',
      modelIdentifier: '0F7D',
      deviceType: 'desktop',
      osName: 'Windows',
      versions: ['11 23H2', '10 22H2'],
      price: 899,
      serial: (r) => chars(r, 7),
    },
    4,
  ],
  [
    {
      manufacturer: 'Dell',
      model: 'PowerEdge R760',
      modelIdentifier: 'R760',
      deviceType: 'server',
      osName: 'Linux',
      versions: ['Ubuntu 22.04', 'RHEL 9.4'],
      price: 9800,
      serial: (r) => chars(r, 7),
    },
    2,
  ],
];

export const ACCESSORIES = [
  ['Dell', 'U2723QE 27" monitor', 'monitor', 520],
  ['CalDigit', 'TS4 dock', 'dock', 399],
  ['Logitech', 'MX Keys', 'keyboard', 109],
  ['Jabra', 'Evolve2 65', 'headset', 229],
] as const;

export const STATES = [
  ['deployed', 70],
  ['in_stock', 12],
  ['retired', 5],
  ['disposed', 3],
  ['in_repair', 3],
  ['lost', 1],
  ['stolen', 1],
] as const;

/** The path a device in `state` took from stock: the transitions that get it there. */
export const PATH_TO: Record<string, readonly string[]> = {
  ordered: [],
  received: [],
  in_stock: [],
  deployed: [],
  in_repair: ['in_repair'],
  lost: ['lost'],
  stolen: ['stolen'],
  retired: ['retired'],
  disposed: ['retired', 'disposed'],
};
