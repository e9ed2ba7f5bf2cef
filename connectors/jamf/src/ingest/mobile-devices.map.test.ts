import { describe, expect, it } from 'vitest';
import { nonCanonicalAttributes } from '@steward/domain';
import { isMapError, type MapResult, type Observation } from '@steward/sdk';
import { mapMobileDevice } from './mobile-devices.map.js';

const context = { observedAt: '2025-03-01T00:00:00.000Z' };

/** One record of GET /api/v2/mobile-devices/detail with GENERAL, HARDWARE, SECURITY, NETWORK, PURCHASING. */
function jamfMobileDevice(): Record<string, unknown> {
  return {
    mobileDeviceId: '41',
    deviceType: 'iOS',
    general: {
      udid: '00008110-001A2B3C4D5E6F70',
      displayName: 'Ada’s iPhone',
      assetTag: 'MOB-0041',
      siteId: '-1',
      lastInventoryUpdateDate: '2025-02-27T07:30:00.000Z',
      osVersion: '18.2',
      osBuild: '22C152',
      ipAddress: '10.64.0.41',
      managed: true,
      supervised: true,
      deviceOwnershipType: 'Institutional',
      lastEnrolledDate: '2024-06-01T12:00:00Z',
    },
    hardware: {
      capacityMb: 256000,
      availableSpaceMb: 100000,
      serialNumber: 'F2LXK0ABCDEF',
      wifiMacAddress: 'D0:C5:F3:12:34:56',
      bluetoothMacAddress: 'D0:C5:F3:12:34:57',
      model: 'iPhone 15',
      modelIdentifier: 'iPhone15,4',
      modelNumber: 'MTLW3LL/A',
    },
    security: { dataProtected: true, passcodePresent: true, activationLockEnabled: true },
    network: {
      imei: '35 209900 176148 1',
      iccid: '8944000000000000041',
      meid: null,
      phoneNumber: '+1 555 0100',
    },
    purchasing: {
      purchased: true,
      leased: false,
      poNumber: 'PO-2024-1001',
      vendor: 'Apple Business',
      purchasePrice: '799',
      poDate: '2024-05-20',
      warrantyExpiresDate: '2026-05-20',
      leaseExpiresDate: '2026-01-01',
    },
    userAndLocation: null,
    applications: null,
  };
}

function observation(result: MapResult): Observation {
  if (isMapError(result) || Array.isArray(result))
    throw new Error(`expected one observation: ${JSON.stringify(result)}`);
  return result as Observation;
}

describe('mapMobileDevice', () => {
  it('maps a phone to canonical attributes under a key apart from computers', () => {
    const o = observation(mapMobileDevice(jamfMobileDevice(), context));
    expect(o).toEqual({
      sourceKey: 'mobile:41',
      kind: 'device',
      observedAt: '2025-02-27T07:30:00.000Z',
      identifiers: {
        serialNumber: 'F2LXK0ABCDEF',
        macAddresses: ['D0:C5:F3:12:34:56'],
        udid: '00008110-001A2B3C4D5E6F70',
        imei: '35 209900 176148 1',
      },
      attributes: {
        name: 'Ada’s iPhone',
        assetTag: 'MOB-0041',
        serialNumber: 'F2LXK0ABCDEF',
        udid: '00008110-001A2B3C4D5E6F70',
        imei: '35 209900 176148 1',
        deviceType: 'phone',
        manufacturer: 'Apple',
        model: 'iPhone 15',
        modelIdentifier: 'iPhone15,4',
        storageGb: 256,
        osName: 'iOS',
        osVersion: '18.2',
        osBuild: '22C152',
        diskEncrypted: true,
        mdmEnrolled: true,
        mdmName: 'Jamf Pro',
        lastCheckinAt: '2025-02-27T07:30:00.000Z',
        poNumber: 'PO-2024-1001',
        vendor: 'Apple Business',
        purchasePrice: 799,
        purchaseDate: '2024-05-20',
        warrantyEnd: '2026-05-20',
      },
    });
    expect(nonCanonicalAttributes(o)).toEqual([]);
    expect(JSON.stringify(o)).not.toContain('12:34:57');
  });

  it('tells tablets and Apple TVs from phones by the model identifier', () => {
    const ipad = jamfMobileDevice();
    Object.assign(ipad.hardware as object, { model: 'iPad Air (M2)', modelIdentifier: 'iPad14,8' });
    expect(observation(mapMobileDevice(ipad, context)).attributes).toMatchObject({
      deviceType: 'tablet',
      osName: 'iPadOS',
    });
    const tv: Record<string, unknown> = { ...jamfMobileDevice(), deviceType: 'tvOS' };
    Object.assign(tv.hardware as object, { model: 'Apple TV 4K', modelIdentifier: 'AppleTV14,1' });
    expect(observation(mapMobileDevice(tv, context)).attributes).toMatchObject({
      deviceType: 'other',
      osName: 'tvOS',
    });
  });

  it('maps a record with only the GENERAL section, unmanaged, dated by the batch when Jamf gives no date', () => {
    const o = observation(
      mapMobileDevice(
        {
          mobileDeviceId: 7,
          deviceType: 'iOS',
          general: { displayName: 'Loaner', managed: false, lastInventoryUpdateDate: null },
          hardware: null,
          security: null,
          network: null,
          purchasing: null,
        },
        context,
      ),
    );
    expect(o).toEqual({
      sourceKey: 'mobile:7',
      kind: 'device',
      observedAt: context.observedAt,
      identifiers: {},
      attributes: {
        name: 'Loaner',
        deviceType: 'other',
        osName: 'iOS',
        manufacturer: 'Apple',
        mdmEnrolled: false,
        mdmName: 'Jamf Pro',
      },
    });
  });

  it('returns a MapError naming the field for a record of the wrong shape', () => {
    const badName = jamfMobileDevice();
    (badName.general as Record<string, unknown>).displayName = 12345;
    expect(mapMobileDevice(badName, context)).toMatchObject({
      type: 'map_error',
      field: 'general.displayName',
    });
    const noGeneral = { ...jamfMobileDevice(), general: null };
    expect(mapMobileDevice(noGeneral, context)).toMatchObject({ type: 'map_error', field: 'general' });
    const badCapacity = jamfMobileDevice();
    (badCapacity.hardware as Record<string, unknown>).capacityMb = '256 GB';
    expect(mapMobileDevice(badCapacity, context)).toMatchObject({
      type: 'map_error',
      field: 'hardware.capacityMb',
    });
  });
});
