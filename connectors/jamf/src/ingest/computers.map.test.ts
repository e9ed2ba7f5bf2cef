import { describe, expect, it } from 'vitest';
import { nonCanonicalAttributes } from '@steward/domain';
import { isMapError, type MapResult, type Observation } from '@steward/sdk';
import { mapComputer } from './computers.map.js';

const context = { observedAt: '2025-03-01T00:00:00.000Z' };

/** A computer as GET /api/v1/computers-inventory returns it with the sections the stream asks for. */
function jamfComputer(): Record<string, unknown> {
  return {
    id: '8',
    udid: '5F1A2B3C-0D4E-5F60-7A8B-9C0D1E2F3A4B',
    general: {
      name: 'Boalime',
      lastIpAddress: '247.185.82.186',
      platform: 'Mac',
      assetTag: '304822',
      remoteManagement: { managed: true, managementUsername: 'rootname' },
      supervised: true,
      reportDate: '2025-02-27T18:04:13Z',
      lastContactTime: '2025-02-28T09:15:00.123Z',
      lastEnrolledDate: '2024-01-15T10:00:00Z',
      site: { id: '-1', name: 'None' },
      managementId: '73226fb6-61df-4c10-9552-eb9bc353d507',
      extensionAttributes: [],
    },
    diskEncryption: {
      bootPartitionEncryptionDetails: {
        partitionName: 'Macintosh HD (Boot Partition)',
        partitionFileVault2State: 'ENCRYPTED',
        partitionFileVault2Percent: 100,
      },
      individualRecoveryKeyValidityStatus: 'VALID',
      fileVault2Enabled: true,
    },
    purchasing: {
      leased: true,
      purchased: true,
      poNumber: '53-1',
      poDate: '2024-01-10',
      vendor: 'Example Vendor',
      warrantyDate: '2027-01-10',
      appleCareId: 'abcd',
      leaseDate: '2027-06-30',
      purchasePrice: '$1,899.50',
      lifeExpectancy: 5,
      purchasingAccount: 'admin',
    },
    applications: null,
    storage: {
      bootDriveAvailableSpaceMegabytes: 3072,
      disks: [
        { id: '171', device: 'disk1', model: 'USB stick', sizeMegabytes: 64000 },
        { id: '170', device: 'disk0', model: 'APPLE SSD AP0512Z', sizeMegabytes: 500277, type: 'SSD' },
      ],
    },
    userAndLocation: null,
    hardware: {
      make: 'Apple',
      model: 'MacBook Pro (14-inch, M3 Pro, Nov 2023)',
      modelIdentifier: 'Mac15,6',
      serialNumber: ' C02ZC2QYLVDL ',
      processorType: 'Apple M3 Pro',
      macAddress: '6A:2C:4B:B7:65:B5',
      altMacAddress: '82:45:58:44:dc:01',
      totalRamMegabytes: 36864,
      appleSilicon: true,
    },
    security: { firewallEnabled: false, sipStatus: 'ENABLED' },
    operatingSystem: { name: 'macOS', version: '15.2', build: '24C101', fileVault2Status: 'ALL_ENCRYPTED' },
    extensionAttributes: null,
  };
}

function observation(result: MapResult): Observation {
  if (isMapError(result) || Array.isArray(result))
    throw new Error(`expected one observation: ${JSON.stringify(result)}`);
  return result as Observation;
}

describe('mapComputer', () => {
  it('maps every section the stream reads to canonical attributes, dated by the last contact', () => {
    const o = observation(mapComputer(jamfComputer(), context));
    expect(o).toEqual({
      sourceKey: '8',
      kind: 'device',
      observedAt: '2025-02-28T09:15:00.123Z',
      identifiers: {
        serialNumber: 'C02ZC2QYLVDL',
        macAddresses: ['6A:2C:4B:B7:65:B5', '82:45:58:44:dc:01'],
        udid: '5F1A2B3C-0D4E-5F60-7A8B-9C0D1E2F3A4B',
        hostname: 'Boalime',
      },
      attributes: {
        name: 'Boalime',
        hostname: 'Boalime',
        assetTag: '304822',
        serialNumber: 'C02ZC2QYLVDL',
        udid: '5F1A2B3C-0D4E-5F60-7A8B-9C0D1E2F3A4B',
        deviceType: 'laptop',
        manufacturer: 'Apple',
        model: 'MacBook Pro (14-inch, M3 Pro, Nov 2023)',
        modelIdentifier: 'Mac15,6',
        cpu: 'Apple M3 Pro',
        memoryGb: 36,
        storageGb: 500,
        osName: 'macOS',
        osVersion: '15.2',
        osBuild: '24C101',
        diskEncrypted: true,
        firewallEnabled: false,
        mdmEnrolled: true,
        mdmName: 'Jamf Pro',
        lastCheckinAt: '2025-02-28T09:15:00.123Z',
        poNumber: '53-1',
        vendor: 'Example Vendor',
        purchasePrice: 1899.5,
        purchaseDate: '2024-01-10',
        warrantyEnd: '2027-01-10',
        leaseEnd: '2027-06-30',
      },
    });
    expect(nonCanonicalAttributes(o)).toEqual([]);
  });

  it('never maps the user, the location or Steward-owned attributes', () => {
    const record = jamfComputer();
    record.userAndLocation = {
      username: 'madison',
      realname: 'Madison Anderson',
      email: 'madison@example.com',
      departmentId: '1',
      buildingId: '1',
      room: '5',
    };
    const o = observation(mapComputer(record, context));
    expect(JSON.stringify(o)).not.toContain('madison');
    for (const managed of ['assignedPersonId', 'locationId', 'lifecycleState', 'legalHold']) {
      expect(o.attributes).not.toHaveProperty(managed);
    }
  });

  it('keeps only real MACs, once each, and leaves a blank serial out', () => {
    const record = jamfComputer();
    Object.assign(record.hardware as object, {
      serialNumber: '',
      macAddress: '6a:2c:4b:b7:65:b5',
      altMacAddress: '6A:2C:4B:B7:65:B5',
    });
    const o = observation(mapComputer(record, context));
    expect(o.identifiers.serialNumber).toBeUndefined();
    expect(o.attributes).not.toHaveProperty('serialNumber');
    expect(o.identifiers.macAddresses).toEqual(['6a:2c:4b:b7:65:b5']);

    Object.assign(record.hardware as object, { macAddress: null, altMacAddress: '' });
    expect(observation(mapComputer(record, context)).identifiers).not.toHaveProperty('macAddresses');
  });

  it('reads FileVault from the boot partition first, then the OS summary, then the flag', () => {
    const encryption = (boot: string | null, summary: string | null, flag: boolean | null) => {
      const record = jamfComputer();
      record.diskEncryption = {
        bootPartitionEncryptionDetails: boot === null ? null : { partitionFileVault2State: boot },
        fileVault2Enabled: flag,
      };
      (record.operatingSystem as Record<string, unknown>).fileVault2Status = summary;
      return observation(mapComputer(record, context)).attributes.diskEncrypted;
    };
    expect(encryption('ENCRYPTING', 'ALL_ENCRYPTED', true)).toBe(false);
    expect(encryption('UNKNOWN', 'BOOT_ENCRYPTED', false)).toBe(true);
    expect(encryption(null, 'NOT_ENCRYPTED', true)).toBe(false);
    expect(encryption(null, 'NOT_APPLICABLE', true)).toBe(true);
    expect(encryption(null, null, null)).toBeUndefined();
  });

  it('maps a record with only the GENERAL section, falling back to the report date and the batch time', () => {
    const only = {
      id: 12,
      udid: null,
      general: { name: 'Mac mini (lab)', lastContactTime: null, reportDate: '2025-01-02T03:04:05' },
      hardware: null,
      operatingSystem: null,
      diskEncryption: null,
      purchasing: null,
      storage: null,
      security: null,
    };
    const o = observation(mapComputer(only, context));
    expect(o).toEqual({
      sourceKey: '12',
      kind: 'device',
      observedAt: '2025-01-02T03:04:05.000Z',
      identifiers: { hostname: 'Mac mini (lab)' },
      attributes: {
        name: 'Mac mini (lab)',
        hostname: 'Mac mini (lab)',
        mdmEnrolled: true,
        mdmName: 'Jamf Pro',
      },
    });
    const undated = observation(mapComputer({ ...only, general: { name: 'x' } }, context));
    expect(undated.observedAt).toBe(context.observedAt);
    expect(undated.attributes).not.toHaveProperty('lastCheckinAt');
  });

  it('tells desktops from laptops, says unmanaged Macs are not enrolled and leaves an unleased lease date out', () => {
    const record = jamfComputer();
    Object.assign(record.hardware as object, { model: 'Mac Studio (2023)', modelIdentifier: 'Mac14,13' });
    Object.assign(record.general as object, { remoteManagement: { managed: false } });
    Object.assign(record.purchasing as object, { leased: false, purchasePrice: 'see invoice' });
    (record.operatingSystem as Record<string, unknown>).name = 'Mac OS X';
    const o = observation(mapComputer(record, context));
    expect(o.attributes).toMatchObject({ deviceType: 'desktop', mdmEnrolled: false, osName: 'macOS' });
    expect(o.attributes).not.toHaveProperty('leaseEnd');
    expect(o.attributes).not.toHaveProperty('purchasePrice');
  });

  it('returns a MapError naming the field for a record of the wrong shape', () => {
    const noId = jamfComputer();
    delete noId.id;
    expect(mapComputer(noId, context)).toMatchObject({ type: 'map_error', field: 'id' });

    const badName = jamfComputer();
    (badName.general as Record<string, unknown>).name = 12345;
    expect(mapComputer(badName, context)).toMatchObject({ type: 'map_error', field: 'general.name' });

    const badTime = jamfComputer();
    (badTime.general as Record<string, unknown>).lastContactTime = 'yesterday';
    expect(mapComputer(badTime, context)).toMatchObject({
      type: 'map_error',
      field: 'general.lastContactTime',
    });

    const badDate = jamfComputer();
    (badDate.purchasing as Record<string, unknown>).warrantyDate = '10/01/2027';
    expect(mapComputer(badDate, context)).toMatchObject({
      type: 'map_error',
      field: 'purchasing.warrantyDate',
    });

    expect(mapComputer({ ...jamfComputer(), hardware: 'unavailable' }, context)).toMatchObject({
      type: 'map_error',
      field: 'hardware',
    });
    expect(mapComputer(null, context)).toMatchObject({ type: 'map_error' });
  });
});
