import { describe, expect, it } from 'vitest';
import { nonCanonicalAttributes, type Observation } from '@steward/sdk';
import { isMapError, type MapResult } from '@steward/sdk';
import { mapManagedDevice } from './managed-devices.map.js';

const context = { observedAt: '2026-12-01T00:00:00.000Z' };

/** A Windows laptop as Graph lists it (every field; ethernetMacAddress is always null in the list). */
const windowsLaptop = {
  id: '0f7c9b2e-8a1d-4c3b-9e5f-2a6b7c8d9e01',
  userId: '6e1f0b4a-2c3d-4e5f-8a9b-0c1d2e3f4a5b',
  deviceName: 'ADA-PC-17',
  managedDeviceName: 'ada.adams.3_Windows_3/14/2025_9:12 AM',
  userPrincipalName: 'ada.adams.3@example.com',
  userDisplayName: 'Ada Adams',
  emailAddress: 'ada.adams.3@example.com',
  azureADDeviceId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  serialNumber: ' 5CG1234XYZ ',
  wiFiMacAddress: '3C22FB000011',
  ethernetMacAddress: null,
  model: 'Latitude 7440',
  manufacturer: 'Dell Inc.',
  imei: '',
  meid: '',
  phoneNumber: '',
  totalStorageSpaceInBytes: 511_989_469_184,
  freeStorageSpaceInBytes: 200_000_000_000,
  physicalMemoryInBytes: null,
  operatingSystem: 'Windows',
  osVersion: '10.0.22631.4460',
  jailBroken: 'Unknown',
  managementAgent: 'mdm',
  isSupervised: false,
  managedDeviceOwnerType: 'company',
  enrolledDateTime: '2025-03-14T09:12:00Z',
  isEncrypted: true,
  lastSyncDateTime: '2026-11-30T08:15:42.1234567Z',
  complianceState: 'compliant',
  deviceActionResults: [],
};

function observation(result: MapResult): Observation {
  if (isMapError(result) || Array.isArray(result))
    throw new Error(`expected one observation: ${JSON.stringify(result)}`);
  return result as Observation;
}

describe('mapManagedDevice', () => {
  it('maps a Windows laptop (with the MAC read separately) to canonical attributes', () => {
    const o = observation(
      mapManagedDevice({ ...windowsLaptop, ethernetMacAddress: 'F48E38000011' }, context),
    );
    expect(o).toEqual({
      sourceKey: '0f7c9b2e-8a1d-4c3b-9e5f-2a6b7c8d9e01',
      kind: 'device',
      observedAt: '2026-11-30T08:15:42.123Z',
      identifiers: {
        serialNumber: '5CG1234XYZ',
        macAddresses: ['3c:22:fb:00:00:11', 'f4:8e:38:00:00:11'],
        hostname: 'ADA-PC-17',
      },
      attributes: {
        name: 'ADA-PC-17',
        hostname: 'ADA-PC-17',
        serialNumber: '5CG1234XYZ',
        manufacturer: 'Dell Inc.',
        model: 'Latitude 7440',
        deviceType: 'laptop',
        osName: 'Windows',
        osVersion: '10.0.22631.4460',
        osBuild: '22631.4460',
        diskEncrypted: true,
        storageGb: 512,
        lastCheckinAt: '2026-11-30T08:15:42.123Z',
        mdmEnrolled: true,
        mdmName: 'Microsoft Intune',
      },
    });
    expect(nonCanonicalAttributes(o)).toEqual([]);
  });

  it('never puts the user or their e-mail into the asset', () => {
    const o = observation(mapManagedDevice(windowsLaptop, context));
    const text = JSON.stringify(o);
    expect(text).not.toContain('ada.adams.3@example.com');
    expect(text).not.toContain('Ada Adams');
    for (const owned of ['assignedPersonId', 'locationId', 'lifecycleState', 'legalHold', 'email']) {
      expect(o.attributes).not.toHaveProperty(owned);
    }
  });

  it('splits the macOS build out of osVersion and types a MacBook as a laptop', () => {
    const o = observation(
      mapManagedDevice(
        {
          ...windowsLaptop,
          deviceName: 'ada-mbp-4',
          serialNumber: 'C02XK1ABCD4',
          operatingSystem: 'macOS',
          osVersion: '14.6.1 (23G93)',
          manufacturer: 'Apple',
          model: 'MacBook Pro (14-inch, M3)',
          isEncrypted: false,
          wiFiMacAddress: '3c22fb000004',
          ethernetMacAddress: '',
        },
        context,
      ),
    );
    expect(o.attributes).toMatchObject({
      osName: 'macOS',
      osVersion: '14.6.1',
      osBuild: '23G93',
      deviceType: 'laptop',
      diskEncrypted: false,
      hostname: 'ada-mbp-4',
    });
    expect(o.identifiers.macAddresses).toEqual(['3c:22:fb:00:00:04']);
  });

  it('maps a phone: IMEI without spaces, MEID, no host name, the phone type', () => {
    const o = observation(
      mapManagedDevice(
        {
          id: 'a1',
          deviceName: 'Ada’s iPhone',
          serialNumber: 'F2LXK0ABCDEF',
          wiFiMacAddress: 'f0:99:b6:12:34:56',
          imei: '35 291608 042836 1',
          meid: '35291608042836',
          model: 'iPhone 15',
          manufacturer: 'Apple',
          operatingSystem: 'iOS',
          osVersion: '17.6.1',
          isEncrypted: true,
          lastSyncDateTime: '2026-11-29T22:00:00Z',
          totalStorageSpaceInBytes: 128_000_000_000,
        },
        context,
      ),
    );
    expect(o.identifiers).toEqual({
      serialNumber: 'F2LXK0ABCDEF',
      macAddresses: ['f0:99:b6:12:34:56'],
      imei: '352916080428361',
      meid: '35291608042836',
    });
    expect(o.attributes).toMatchObject({
      name: 'Ada’s iPhone',
      imei: '352916080428361',
      deviceType: 'phone',
      osName: 'iOS',
    });
    expect(o.attributes).not.toHaveProperty('hostname');
    expect(o.attributes).not.toHaveProperty('osBuild');
    expect(nonCanonicalAttributes(o)).toEqual([]);
  });

  it('leaves out what the record does not say, and takes the batch time for a device that never synced', () => {
    const o = observation(
      mapManagedDevice(
        {
          id: 'bare-1',
          deviceName: '',
          serialNumber: '',
          wiFiMacAddress: null,
          imei: null,
          operatingSystem: 'Android',
          lastSyncDateTime: '0001-01-01T00:00:00Z',
          totalStorageSpaceInBytes: 0,
        },
        context,
      ),
    );
    expect(o).toEqual({
      sourceKey: 'bare-1',
      kind: 'device',
      observedAt: context.observedAt,
      identifiers: {},
      attributes: { osName: 'Android', deviceType: 'phone', mdmEnrolled: true, mdmName: 'Microsoft Intune' },
    });
  });

  it('drops MACs that are not 48 bits of hex and keeps one copy of a MAC reported twice', () => {
    const o = observation(
      mapManagedDevice(
        { ...windowsLaptop, wiFiMacAddress: '3C-22-FB-00-00-11', ethernetMacAddress: '3c22fb000011' },
        context,
      ),
    );
    expect(o.identifiers.macAddresses).toEqual(['3c:22:fb:00:00:11']);
    const junk = observation(
      mapManagedDevice({ ...windowsLaptop, wiFiMacAddress: 'not-a-mac', ethernetMacAddress: null }, context),
    );
    expect(junk.identifiers).not.toHaveProperty('macAddresses');
  });

  it('types desktops and virtual machines from the model', () => {
    const type = (operatingSystem: string, model: string) =>
      observation(mapManagedDevice({ ...windowsLaptop, operatingSystem, model }, context)).attributes
        .deviceType;
    expect(type('Windows', 'OptiPlex 7010')).toBe('desktop');
    expect(type('Windows', 'Virtual Machine')).toBe('virtual_machine');
    expect(type('macOS', 'Mac mini (M2)')).toBe('desktop');
    expect(type('iPadOS', 'iPad Air (M2)')).toBe('tablet');
    expect(type('Windows', 'Some Unknown Box')).toBeUndefined();
  });

  it('returns a MapError naming the field for a malformed record', () => {
    const broken = mapManagedDevice(
      { ...windowsLaptop, isEncrypted: 'Yes', lastSyncDateTime: 'last Tuesday' },
      context,
    );
    expect(isMapError(broken)).toBe(true);
    if (!isMapError(broken)) return;
    expect(broken.field).toBe('isEncrypted');
    expect(broken.message).toContain('lastSyncDateTime');
    const noId = mapManagedDevice({ deviceName: 'x' }, context);
    expect(isMapError(noId) && noId.field).toBe('id');
    expect(isMapError(mapManagedDevice('not a record', context))).toBe(true);
  });
});
