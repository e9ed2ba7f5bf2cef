import {
  isMapError,
  nonCanonicalAttributes,
  observationSchema,
  type MapResult,
  type Observation,
} from '@steward/sdk';
import { describe, expect, it } from 'vitest';
import { deviceTypeOf, mapHost } from './hosts.map.js';

const context = { observedAt: '2026-12-01T00:00:00.000Z' };

// As `POST /devices/entities/devices/v2` returns a Windows laptop (fields trimmed to the usual set).
const windowsLaptop = {
  device_id: '4a1b2c3d4e5f60718293a4b5c6d7e8f9',
  cid: '0123456789abcdef0123456789abcdef',
  agent_load_flags: '1',
  agent_local_time: '2026-11-29T08:12:45Z',
  agent_version: '7.20.18913.0',
  bios_manufacturer: 'LENOVO',
  bios_version: 'N3XET58W (1.33 )',
  config_id_base: '65994763',
  config_id_build: '18913',
  config_id_platform: '3',
  external_ip: '203.0.113.7',
  mac_address: 'f4-8e-38-00-00-07',
  connection_mac_address: '3c-22-fb-00-00-07',
  connection_ip: '10.0.7.17',
  local_ip: '10.0.7.17',
  default_gateway_ip: '10.0.7.1',
  hostname: 'ada-pc-7',
  first_seen: '2024-03-02T10:00:00Z',
  last_seen: '2026-11-29T08:12:45Z',
  modified_timestamp: '2026-11-29T08:13:02Z',
  platform_id: '0',
  platform_name: 'Windows',
  os_version: 'Windows 11',
  os_build: '22631',
  os_product_name: 'Windows 11 Enterprise',
  major_version: '10',
  minor_version: '0',
  system_manufacturer: 'LENOVO',
  system_product_name: '21HMCTO1WW',
  product_type: '1',
  product_type_desc: 'Workstation',
  chassis_type: '9',
  chassis_type_desc: 'Laptop',
  provision_status: 'Provisioned',
  reduced_functionality_mode: 'no',
  serial_number: 'PF4XK2M9',
  status: 'normal',
  last_login_user: 'ada.adams',
  tags: [],
  groups: ['a5e2d3c4b1f04e5d8c7b6a5948372615'],
};

function observationOf(result: MapResult): Observation {
  if (isMapError(result) || Array.isArray(result))
    throw new Error(`expected one observation, got ${JSON.stringify(result)}`);
  expect(observationSchema.safeParse(result).success).toBe(true);
  return result as Observation;
}

describe('mapHost', () => {
  it('maps every attribute of a Windows laptop, keyed by device_id and dated by last_seen', () => {
    const o = observationOf(mapHost(windowsLaptop, context));
    expect(o).toEqual({
      sourceKey: '4a1b2c3d4e5f60718293a4b5c6d7e8f9',
      kind: 'device',
      observedAt: '2026-11-29T08:12:45Z',
      identifiers: {
        serialNumber: 'PF4XK2M9',
        macAddresses: ['f4-8e-38-00-00-07', '3c-22-fb-00-00-07'],
      },
      attributes: {
        name: 'ada-pc-7',
        hostname: 'ada-pc-7',
        deviceType: 'laptop',
        manufacturer: 'LENOVO',
        model: '21HMCTO1WW',
        osName: 'Windows',
        osVersion: 'Windows 11',
        osBuild: '22631',
        lastCheckinAt: '2026-11-29T08:12:45Z',
        edrPresent: true,
        edrHealthy: true,
      },
    });
    expect(nonCanonicalAttributes(o)).toEqual([]);
  });

  it('never carries the last logged-in user, IPs, tags or groups', () => {
    const text = JSON.stringify(observationOf(mapHost(windowsLaptop, context)));
    for (const leaked of ['ada.adams', '10.0.7.17', '203.0.113.7', 'a5e2d3c4', 'cid'])
      expect(text).not.toContain(leaked);
  });

  it('names a Mac "macOS" and keeps its model identifier apart from a marketing model', () => {
    const mac = {
      ...windowsLaptop,
      platform_name: 'Mac',
      os_version: 'Sonoma (14)',
      os_build: '23G93',
      system_manufacturer: 'Apple Inc.',
      system_product_name: 'Mac15,6',
    };
    const o = observationOf(mapHost(mac, context));
    expect(o.attributes).toMatchObject({
      osName: 'macOS',
      osVersion: 'Sonoma (14)',
      osBuild: '23G93',
      modelIdentifier: 'Mac15,6',
    });
    expect(o.attributes).not.toHaveProperty('model');
    expect(nonCanonicalAttributes(o)).toEqual([]);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['blank', '   '],
    ['null', null],
  ])('matches by MACs only when the serial is %s', (_, serial) => {
    const host: Record<string, unknown> = { ...windowsLaptop, serial_number: serial };
    if (serial === undefined) delete host.serial_number;
    const o = observationOf(mapHost(host, context));
    expect(o.identifiers).toEqual({ macAddresses: ['f4-8e-38-00-00-07', '3c-22-fb-00-00-07'] });
  });

  it('lists a MAC once when the connection MAC is the same interface, in any case or format', () => {
    const host = {
      ...windowsLaptop,
      mac_address: '3c-22-fb-00-00-07',
      connection_mac_address: '3C-22-FB-00-00-07',
    };
    expect(observationOf(mapHost(host, context)).identifiers.macAddresses).toEqual(['3c-22-fb-00-00-07']);
  });

  it('leaves identifiers empty when a host reports neither serial nor MAC', () => {
    const { serial_number: _s, mac_address: _m, connection_mac_address: _c, ...bare } = windowsLaptop;
    expect(observationOf(mapHost(bare, context)).identifiers).toEqual({});
  });

  it.each([
    ['contained', false],
    ['containment_pending', false],
    ['lift_containment_pending', false],
    ['normal', true],
  ])('reports status %s as edrHealthy %s', (status, healthy) => {
    expect(observationOf(mapHost({ ...windowsLaptop, status }, context)).attributes.edrHealthy).toBe(healthy);
  });

  it('is not healthy in reduced functionality mode, and says nothing of health without a status', () => {
    const rfm = observationOf(mapHost({ ...windowsLaptop, reduced_functionality_mode: 'yes' }, context));
    expect(rfm.attributes.edrHealthy).toBe(false);
    const { status: _status, ...noStatus } = windowsLaptop;
    const o = observationOf(mapHost(noStatus, context));
    expect(o.attributes).not.toHaveProperty('edrHealthy');
    expect(o.attributes.edrPresent).toBe(true);
  });

  it('maps a minimal host (only device_id) with the batch time and no optional sections', () => {
    const o = observationOf(mapHost({ device_id: 'ffffffffffffffffffffffffffffffff' }, context));
    expect(o).toEqual({
      sourceKey: 'ffffffffffffffffffffffffffffffff',
      kind: 'device',
      observedAt: context.observedAt,
      identifiers: {},
      attributes: { edrPresent: true },
    });
  });

  it('leaves out empty strings instead of blanking what other sources know', () => {
    const host = {
      ...windowsLaptop,
      hostname: '',
      os_build: '',
      system_manufacturer: null,
      chassis_type_desc: '',
    };
    const o = observationOf(mapHost(host, context));
    for (const key of ['name', 'hostname', 'osBuild', 'manufacturer', 'deviceType'])
      expect(o.attributes).not.toHaveProperty(key);
  });

  it('derives the device type from product type and chassis', () => {
    expect(deviceTypeOf('Server', 'Rack Mount Chassis')).toBe('server');
    expect(deviceTypeOf('Domain Controller', undefined)).toBe('server');
    expect(deviceTypeOf('Workstation', 'Notebook')).toBe('laptop');
    expect(deviceTypeOf('Workstation', 'Desktop')).toBe('desktop');
    expect(deviceTypeOf('Workstation', 'Other')).toBeUndefined();
    expect(deviceTypeOf('Workstation', undefined)).toBeUndefined();
    const server = observationOf(
      mapHost(
        { ...windowsLaptop, product_type_desc: 'Server', chassis_type_desc: 'Rack Mount Chassis' },
        context,
      ),
    );
    expect(server.attributes.deviceType).toBe('server');
  });

  it('returns a MapError naming the field for a malformed record', () => {
    const badTime = mapHost({ ...windowsLaptop, last_seen: 1764403965 }, context);
    expect(isMapError(badTime)).toBe(true);
    expect(badTime).toMatchObject({ type: 'map_error', field: 'last_seen' });
    const noId = mapHost({ ...windowsLaptop, device_id: undefined }, context);
    expect(noId).toMatchObject({ type: 'map_error', field: 'device_id' });
    const wrongType = mapHost({ ...windowsLaptop, hostname: 42 }, context);
    expect(wrongType).toMatchObject({ type: 'map_error', field: 'hostname' });
    expect(isMapError(mapHost('not a host', context))).toBe(true);
  });
});
