// The sections of a Jamf Pro computer that follow from the fleet device alone (no update touches them).
import { formatMac, type SimDevice } from '@steward/sdk/simulator';

/** Jamf keeps the price as typed: some admins write "$2,399.00", others "2399". */
export function priceText(device: SimDevice): string {
  const price = device.purchase.price;
  if (device.index % 2 === 0) return String(price);
  return `$${String(price).replace(/\B(?=(\d{3})+$)/g, ',')}.00`;
}

export function usernameOf(device: SimDevice): string {
  return device.assignee ? (device.assignee.email.split('@')[0] ?? '') : '';
}

export function hardware(d: SimDevice): Record<string, unknown> {
  const chip = /M3/.test(d.model) ? 'Apple M3' : 'Apple M2';
  return {
    make: d.manufacturer,
    model: d.model,
    modelIdentifier: d.modelIdentifier,
    serialNumber: d.serialNumber,
    processorSpeedMhz: 0,
    processorCount: 1,
    coreCount: chip === 'Apple M3' ? 11 : 8,
    processorType: chip,
    processorArchitecture: 'arm64',
    busSpeedMhz: 0,
    cacheSizeKilobytes: 0,
    networkAdapterType: 'IEEE80211',
    macAddress: formatMac(d.wifiMac, 'colon'),
    altNetworkAdapterType: d.ethernetMac ? 'Ethernet' : null,
    // Jamf shows each adapter as the Mac reported it: some arrive lower-case.
    altMacAddress: d.ethernetMac ? formatMac(d.ethernetMac, 'colon-lower') : null,
    totalRamMegabytes: d.memoryGb * 1024,
    openRamSlots: 0,
    batteryCapacityPercent: 80 + (d.index % 21),
    smcVersion: null,
    nicSpeed: 'n/a',
    opticalDrive: null,
    bootRom: '11881.41.5',
    bleCapable: true,
    supportsIosAppInstalls: true,
    appleSilicon: true,
    provisioningUdid: d.udid,
    extensionAttributes: [],
  };
}

export function operatingSystem(d: SimDevice): Record<string, unknown> {
  return {
    name: 'macOS',
    version: d.osVersion,
    build: d.osBuild,
    supplementalBuildVersion: null,
    rapidSecurityResponse: null,
    activeDirectoryStatus: 'Not Bound',
    fileVault2Status: d.encrypted ? 'ALL_ENCRYPTED' : 'NOT_ENCRYPTED',
    softwareUpdateDeviceId: null,
    extensionAttributes: [],
  };
}

export function diskEncryption(d: SimDevice): Record<string, unknown> {
  return {
    bootPartitionEncryptionDetails: {
      partitionName: 'Macintosh HD (Boot Partition)',
      partitionFileVault2State: d.encrypted ? 'ENCRYPTED' : 'UNENCRYPTED',
      partitionFileVault2Percent: d.encrypted ? 100 : 0,
    },
    individualRecoveryKeyValidityStatus: d.encrypted ? 'VALID' : 'NOT_APPLICABLE',
    institutionalRecoveryKeyPresent: false,
    diskEncryptionConfigurationName: d.encrypted ? 'FileVault 2' : null,
    fileVault2Enabled: d.encrypted,
    fileVault2EnabledUserNames: d.encrypted && d.assignee ? [usernameOf(d)] : [],
    fileVault2EligibilityMessage: 'Eligible',
  };
}

export function storage(d: SimDevice): Record<string, unknown> {
  const size = d.storageGb * 1000;
  const free = Math.round(size * (0.2 + (d.index % 50) / 100));
  return {
    bootDriveAvailableSpaceMegabytes: free,
    disks: [
      {
        id: String(d.index * 10),
        device: 'disk0',
        model: `APPLE SSD AP${String(d.storageGb).padStart(4, '0')}Z`,
        revision: '532.100.',
        serialNumber: `0ba0${d.index.toString(16).padStart(12, '0')}`,
        sizeMegabytes: size,
        smartStatus: 'Verified',
        type: 'SSD',
        partitions: [
          {
            name: 'Macintosh HD (Boot Partition)',
            sizeMegabytes: size,
            availableMegabytes: free,
            partitionType: 'BOOT',
            percentUsed: Math.round(100 - (free / size) * 100),
            fileVault2State: d.encrypted ? 'ENCRYPTED' : 'UNENCRYPTED',
            fileVault2ProgressPercent: d.encrypted ? 100 : 0,
            lvmManaged: false,
          },
        ],
      },
    ],
  };
}

export function security(d: SimDevice): Record<string, unknown> {
  return {
    sipStatus: 'ENABLED',
    gatekeeperStatus: 'APP_STORE_AND_IDENTIFIED_DEVELOPERS',
    xprotectVersion: '5287',
    autoLoginDisabled: true,
    remoteDesktopEnabled: false,
    activationLockEnabled: false,
    recoveryLockEnabled: false,
    firewallEnabled: d.index % 9 !== 0,
    secureBootLevel: 'FULL_SECURITY',
    externalBootLevel: 'NOT_SUPPORTED',
    bootstrapTokenAllowed: true,
  };
}
