// A Jamf Pro computer record, rendered from the fleet device (plus any update) only when it is served.
import {
  diskEncryption,
  hardware,
  operatingSystem,
  priceText,
  security,
  storage,
  usernameOf,
} from './computer-sections.js';
import type { ComputerEntry, JamfState } from './state.js';

export const COMPUTER_SECTIONS = {
  GENERAL: 'general',
  DISK_ENCRYPTION: 'diskEncryption',
  PURCHASING: 'purchasing',
  APPLICATIONS: 'applications',
  STORAGE: 'storage',
  USER_AND_LOCATION: 'userAndLocation',
  CONFIGURATION_PROFILES: 'configurationProfiles',
  PRINTERS: 'printers',
  SERVICES: 'services',
  HARDWARE: 'hardware',
  LOCAL_USER_ACCOUNTS: 'localUserAccounts',
  CERTIFICATES: 'certificates',
  ATTACHMENTS: 'attachments',
  PLUGINS: 'plugins',
  PACKAGE_RECEIPTS: 'packageReceipts',
  FONTS: 'fonts',
  SECURITY: 'security',
  OPERATING_SYSTEM: 'operatingSystem',
  LICENSED_SOFTWARE: 'licensedSoftware',
  IBEACONS: 'ibeacons',
  SOFTWARE_UPDATES: 'softwareUpdates',
  EXTENSION_ATTRIBUTES: 'extensionAttributes',
  CONTENT_CACHING: 'contentCaching',
  GROUP_MEMBERSHIPS: 'groupMemberships',
} as const;
export type ComputerSection = keyof typeof COMPUTER_SECTIONS;
export const ALL_COMPUTER_SECTIONS = Object.keys(COMPUTER_SECTIONS) as ComputerSection[];

const HOUR = 3_600_000;
const shift = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();

function general(e: ComputerEntry): Record<string, unknown> {
  const d = e.device;
  const i = d.index;
  return {
    name: d.hostname,
    lastIpAddress: `203.0.${(i >>> 8) & 255}.${i & 255}`,
    lastReportedIp: `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`,
    jamfBinaryVersion: '11.12.0-t1731524488',
    platform: 'Mac',
    barcode1: null,
    barcode2: null,
    assetTag: i % 3 === 0 ? null : `AT-${String(i).padStart(6, '0')}`,
    remoteManagement: { managed: true, managementUsername: 'jamfadmin' },
    supervised: true,
    mdmCapable: { capable: true, capableUsers: d.assignee ? [usernameOf(d)] : [] },
    reportDate: shift(d.lastSeenAt, -2 * HOUR),
    lastContactTime: d.lastSeenAt,
    lastCloudBackupDate: null,
    lastEnrolledDate: d.enrolledAt,
    mdmProfileExpiration: shift(d.enrolledAt, 2 * 365 * 24 * HOUR),
    initialEntryDate: d.enrolledAt.slice(0, 10),
    distributionPoint: null,
    enrollmentMethod: { id: '1', objectName: 'Corporate Macs', objectType: 'Automated Device Enrollment' },
    site: { id: '-1', name: 'None' },
    itunesStoreAccountActive: false,
    enrolledViaAutomatedDeviceEnrollment: true,
    userApprovedMdm: true,
    declarativeDeviceManagementEnabled: true,
    extensionAttributes: [],
    managementId: e.managementId,
    ...e.patch?.general,
  };
}

function purchasing(e: ComputerEntry): Record<string, unknown> {
  const p = e.device.purchase;
  return {
    leased: false,
    purchased: true,
    poNumber: p.poNumber,
    poDate: p.purchasedOn,
    vendor: p.vendor,
    warrantyDate: p.warrantyEnd,
    appleCareId: '',
    leaseDate: null,
    purchasePrice: priceText(e.device),
    lifeExpectancy: 4,
    purchasingAccount: null,
    purchasingContact: null,
    extensionAttributes: [],
    ...e.patch?.purchasing,
  };
}

function userAndLocation(e: ComputerEntry, state: JamfState): Record<string, unknown> {
  const person = e.device.assignee;
  return {
    username: usernameOf(e.device),
    realname: person ? `${person.firstName} ${person.lastName}` : '',
    email: person?.email ?? '',
    position: person?.title ?? '',
    phone: '',
    departmentId: person ? (state.departmentIds.get(person.department) ?? '-1') : '-1',
    buildingId: '-1',
    room: '',
    extensionAttributes: [],
    ...e.patch?.userAndLocation,
  };
}

// Shared objects: every Mac reports the same few apps, and JSON rendering does not copy them.
const APPLICATIONS = [
  ['Safari.app', 'com.apple.Safari', '18.1', 32],
  ['Google Chrome.app', 'com.google.Chrome', '131.0.6778.86', 1200],
  ['Slack.app', 'com.tinyspeck.slackmacgap', '4.41.105', 480],
].map(([name, bundleId, version, sizeMegabytes]) => ({
  name,
  path: `/Applications/${String(name)}`,
  version,
  macAppStore: false,
  sizeMegabytes,
  bundleId,
  updateAvailable: false,
  externalVersionId: '0',
}));

function extensionAttributes(e: ComputerEntry, state: JamfState): Record<string, unknown>[] {
  const department = e.device.assignee?.department;
  return state.extensionAttributeDefinitions.map((def) => ({
    definitionId: def.id,
    name: def.name,
    description: def.description,
    enabled: true,
    multiValue: def.multiValue,
    values:
      e.patch?.extensionAttributes?.get(def.id) ??
      (def.id === '2' && department ? [department.slice(0, 3).toUpperCase()] : []),
    dataType: def.dataType,
    options: [],
    inputType: def.inputType,
  }));
}

const BUILT: Partial<Record<ComputerSection, (e: ComputerEntry, state: JamfState) => unknown>> = {
  GENERAL: general,
  HARDWARE: (e) => hardware(e.device),
  OPERATING_SYSTEM: (e) => operatingSystem(e.device),
  DISK_ENCRYPTION: (e) => diskEncryption(e.device),
  PURCHASING: purchasing,
  STORAGE: (e) => storage(e.device),
  USER_AND_LOCATION: userAndLocation,
  SECURITY: (e) => security(e.device),
  APPLICATIONS: () => APPLICATIONS,
  EXTENSION_ATTRIBUTES: extensionAttributes,
  PACKAGE_RECEIPTS: () => ({ installedByJamfPro: [], installedByInstallerSwu: [], cached: [] }),
  CONTENT_CACHING: () => null,
};

/** The record with the requested sections filled in and every other section null, as Jamf serves it. */
export function computerRecord(
  e: ComputerEntry,
  sections: ReadonlySet<ComputerSection>,
  state: JamfState,
): Record<string, unknown> {
  const record: Record<string, unknown> = { id: e.id, udid: e.device.udid };
  for (const section of ALL_COMPUTER_SECTIONS) {
    const build = BUILT[section];
    record[COMPUTER_SECTIONS[section]] = !sections.has(section) ? null : build ? build(e, state) : [];
  }
  if (state.malformed.has(e.device.id)) {
    // A record a Jamf plug-in or a bad import broke: the name is a number and the hardware a string.
    record.general = { ...(record.general as object | null), name: 12345 };
    record.hardware = 'unavailable';
  }
  return record;
}
