// Jamf Pro mobile device records (list and paged inventory detail), rendered when served.
import { formatMac, type SimDevice } from '@steward/sdk/simulator';
import { priceText, usernameOf } from './computer-sections.js';
import type { JamfState, MobileEntry } from './state.js';

export const MOBILE_SECTIONS = {
  GENERAL: 'general',
  HARDWARE: 'hardware',
  USER_AND_LOCATION: 'userAndLocation',
  PURCHASING: 'purchasing',
  SECURITY: 'security',
  APPLICATIONS: 'applications',
  EBOOKS: 'ebooks',
  NETWORK: 'network',
  SERVICE_SUBSCRIPTIONS: 'serviceSubscriptions',
  CERTIFICATES: 'certificates',
  PROFILES: 'profiles',
  USER_PROFILES: 'userProfiles',
  PROVISIONING_PROFILES: 'provisioningProfiles',
  SHARED_USERS: 'sharedUsers',
  EXTENSION_ATTRIBUTES: 'extensionAttributes',
} as const;
export type MobileSection = keyof typeof MOBILE_SECTIONS;
export const ALL_MOBILE_SECTIONS = Object.keys(MOBILE_SECTIONS) as MobileSection[];

export function displayNameOf(d: SimDevice): string {
  const kind = d.deviceType === 'phone' ? 'iPhone' : 'iPad';
  return d.assignee ? `${d.assignee.firstName}’s ${kind}` : `${kind}-${d.index}`;
}

/** Apple's Bluetooth address comes from another block than Wi-Fi; never used to match devices. */
const bluetoothMac = (d: SimDevice): string =>
  formatMac(`A483E7${d.index.toString(16).padStart(6, '0')}`, 'colon');
const phoneNumber = (d: SimDevice): string | null =>
  d.deviceType === 'phone' ? `+1 555 ${String(d.index % 10_000_000).padStart(7, '0')}` : null;

/** One record of `GET /api/v2/mobile-devices`. */
export function mobileListRecord(e: MobileEntry, state: JamfState): Record<string, unknown> {
  const d = e.device;
  return {
    id: e.id,
    name: state.malformed.has(d.id) ? 12345 : displayNameOf(d),
    serialNumber: d.serialNumber,
    wifiMacAddress: formatMac(d.wifiMac, 'colon'),
    udid: d.udid,
    phoneNumber: phoneNumber(d),
    model: d.model,
    modelIdentifier: d.modelIdentifier,
    username: usernameOf(d),
    type: 'ios',
    managementId: e.managementId,
    softwareUpdateDeviceId: d.modelIdentifier,
  };
}

function general(e: MobileEntry): Record<string, unknown> {
  const d = e.device;
  return {
    udid: d.udid,
    displayName: displayNameOf(d),
    assetTag: null,
    siteId: '-1',
    lastInventoryUpdateDate: d.lastSeenAt,
    osVersion: d.osVersion,
    osRapidSecurityResponse: null,
    osBuild: d.osBuild,
    osSupplementalBuildVersion: null,
    softwareUpdateDeviceId: d.modelIdentifier,
    ipAddress: `10.64.${(d.index >>> 8) & 255}.${d.index & 255}`,
    managed: true,
    supervised: true,
    deviceOwnershipType: 'Institutional',
    enrollmentMethodPrestage: null,
    enrollmentSessionTokenValid: false,
    lastEnrolledDate: d.enrolledAt,
    mdmProfileExpirationDate: null,
    timeZone: 'Europe/London',
    declarativeDeviceManagementEnabled: true,
    extensionAttributes: [],
    sharedIpad: false,
    diagnosticAndUsageReportingEnabled: false,
    appAnalyticsEnabled: false,
    residentUsers: 0,
    quotaSize: 0,
    lastBackupDate: null,
    deviceLocatorServiceEnabled: true,
    doNotDisturbEnabled: false,
    cloudBackupEnabled: false,
    lastCloudBackupDate: null,
    itunesStoreAccountActive: true,
  };
}

function hardware(d: SimDevice): Record<string, unknown> {
  const capacityMb = d.storageGb * 1000;
  return {
    capacityMb,
    availableSpaceMb: Math.round(capacityMb * 0.4),
    usedSpacePercentage: 60,
    batteryLevel: 20 + (d.index % 80),
    batteryHealth: 'NORMAL',
    serialNumber: d.serialNumber,
    wifiMacAddress: formatMac(d.wifiMac, 'colon'),
    bluetoothMacAddress: bluetoothMac(d),
    modemFirmwareVersion: d.deviceType === 'phone' ? '2.02.04' : null,
    model: d.model,
    modelIdentifier: d.modelIdentifier,
    modelNumber: d.deviceType === 'phone' ? 'MTLW3LL/A' : 'MUWD3LL/A',
    bluetoothLowEnergyCapable: true,
    deviceId: null,
    extensionAttributes: [],
  };
}

function security(d: SimDevice): Record<string, unknown> {
  return {
    dataProtected: d.encrypted,
    blockLevelEncryptionCapable: true,
    fileLevelEncryptionCapable: true,
    passcodePresent: d.encrypted,
    passcodeCompliant: d.encrypted,
    passcodeCompliantWithProfile: d.encrypted,
    hardwareEncryption: 3,
    activationLockEnabled: true,
    jailBreakDetected: false,
    passcodeLockGracePeriodEnforcedSeconds: 0,
    personalDeviceProfileCurrent: false,
    lostModeEnabled: false,
    lostModePersistent: false,
    lostModeMessage: null,
    lostModePhoneNumber: null,
    lostModeFootnote: null,
    lostModeLocation: null,
  };
}

function network(d: SimDevice): Record<string, unknown> {
  const phone = d.deviceType === 'phone';
  return {
    cellularTechnology: phone ? 'GSM' : 'Unknown',
    voiceRoamingEnabled: false,
    imei: d.imei,
    iccid: phone ? `8944${String(d.index).padStart(15, '0')}` : null,
    meid: null,
    eid: null,
    carrierSettingsVersion: phone ? '60.0' : null,
    currentCarrierNetwork: phone ? 'Carrier' : null,
    currentMobileCountryCode: phone ? '234' : null,
    currentMobileNetworkCode: phone ? '15' : null,
    homeCarrierNetwork: phone ? 'Carrier' : null,
    homeMobileCountryCode: phone ? '234' : null,
    homeMobileNetworkCode: phone ? '15' : null,
    dataRoamingEnabled: false,
    roaming: false,
    personalHotspotEnabled: false,
    phoneNumber: phoneNumber(d),
  };
}

function purchasing(d: SimDevice): Record<string, unknown> {
  return {
    purchased: true,
    leased: false,
    poNumber: d.purchase.poNumber,
    vendor: d.purchase.vendor,
    appleCareId: null,
    purchasePrice: priceText(d),
    purchasingAccount: null,
    poDate: d.purchase.purchasedOn,
    warrantyExpiresDate: d.purchase.warrantyEnd,
    leaseExpiresDate: null,
    lifeExpectancy: 3,
    purchasingContact: null,
    extensionAttributes: [],
  };
}

function userAndLocation(d: SimDevice, state: JamfState): Record<string, unknown> {
  const person = d.assignee;
  return {
    username: usernameOf(d),
    realName: person ? `${person.firstName} ${person.lastName}` : '',
    emailAddress: person?.email ?? '',
    position: person?.title ?? '',
    phoneNumber: '',
    departmentId: person ? (state.departmentIds.get(person.department) ?? '-1') : '-1',
    buildingId: '-1',
    room: '',
    building: null,
    department: person?.department ?? null,
    extensionAttributes: [],
  };
}

const BUILT: Partial<Record<MobileSection, (e: MobileEntry, state: JamfState) => unknown>> = {
  GENERAL: general,
  HARDWARE: (e) => hardware(e.device),
  SECURITY: (e) => security(e.device),
  NETWORK: (e) => network(e.device),
  PURCHASING: (e) => purchasing(e.device),
  USER_AND_LOCATION: (e, state) => userAndLocation(e.device, state),
};

/** One record of `GET /api/v2/mobile-devices/detail`: requested sections filled in, the others null. */
export function mobileDetailRecord(
  e: MobileEntry,
  sections: ReadonlySet<MobileSection>,
  state: JamfState,
): Record<string, unknown> {
  const record: Record<string, unknown> = { mobileDeviceId: e.id, deviceType: 'iOS' };
  for (const section of ALL_MOBILE_SECTIONS) {
    const build = BUILT[section];
    record[MOBILE_SECTIONS[section]] = !sections.has(section) ? null : build ? build(e, state) : [];
  }
  if (state.malformed.has(e.device.id)) {
    record.general = { ...(record.general as object | null), displayName: 12345 };
  }
  return record;
}
