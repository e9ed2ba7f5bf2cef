import { createHash } from 'node:crypto';
import { formatMac, type SimDevice, type SimPlatform } from '@steward/sdk/simulator';

export const HOST_STATUSES = [
  'normal',
  'containment_pending',
  'contained',
  'lift_containment_pending',
] as const;
export type HostStatus = (typeof HOST_STATUSES)[number];

/** A Falcon id: 32 lower-case hex digits, stable for the same seed text. */
export function falconId(seed: string): string {
  return createHash('md5').update(seed).digest('hex');
}

const PLATFORM: Partial<Record<SimPlatform, { name: string; id: string; agent: string }>> = {
  Windows: { name: 'Windows', id: '0', agent: '7.20.18913.0' },
  macOS: { name: 'Mac', id: '1', agent: '7.20.18803.0' },
  Linux: { name: 'Linux', id: '3', agent: '7.19.17505.0' },
};

const MAC_RELEASES: Readonly<Record<string, string>> = { '13': 'Ventura', '14': 'Sonoma', '15': 'Sequoia' };

const CHASSIS: Readonly<Record<string, { type: string; desc: string }>> = {
  laptop: { type: '9', desc: 'Laptop' },
  desktop: { type: '3', desc: 'Desktop' },
  server: { type: '23', desc: 'Rack Mount Chassis' },
};

/** Falcon timestamps have whole seconds: 2026-11-30T08:12:45Z. */
const falconTime = (iso: string): string => iso.replace(/\.\d+Z$/, 'Z');

function osFields(d: SimDevice): Record<string, string> {
  if (d.platform === 'Windows') {
    const major = d.osVersion.split(' ')[0] ?? '11';
    const build = d.osBuild.split('.')[0] ?? d.osBuild;
    return {
      os_version: `Windows ${major}`,
      os_build: build,
      os_product_name: `Windows ${major} Enterprise`,
      major_version: '10',
      minor_version: '0',
    };
  }
  if (d.platform === 'macOS') {
    const [major = '14', minor = '0'] = d.osVersion.split('.');
    return {
      os_version: `${MAC_RELEASES[major] ?? 'macOS'} (${major})`,
      os_build: d.osBuild,
      os_product_name: 'macOS',
      major_version: String(Number(major) + 9),
      minor_version: minor,
      kernel_version: `${Number(major) + 9}.${minor}.0`,
    };
  }
  // Linux sensors report the kernel, not an OS build.
  return { os_version: d.osVersion, kernel_version: `${d.osBuild}-generic`, os_product_name: d.osVersion };
}

function hardwareFields(d: SimDevice): Record<string, string> {
  if (d.manufacturer === 'Apple') {
    // Apple hosts name their model identifier, not the marketing name.
    return {
      system_manufacturer: 'Apple Inc.',
      system_product_name: d.modelIdentifier,
      bios_manufacturer: 'Apple Inc.',
    };
  }
  const product = d.manufacturer === 'LENOVO' ? `${d.modelIdentifier}CTO1WW` : d.model;
  return {
    system_manufacturer: d.manufacturer,
    system_product_name: product,
    bios_manufacturer: d.manufacturer,
  };
}

/**
 * A fleet device as `GET|POST /devices/entities/devices/v2` returns it. Hosts whose sensor reports no serial
 * leave `serial_number` out on some and send "" on others, as real fleets do.
 */
export function renderHost(
  d: SimDevice,
  ids: { deviceId: string; cid: string },
  status: HostStatus,
  malformed: boolean,
): Record<string, unknown> {
  const platform = PLATFORM[d.platform] ?? { name: d.platform, id: '9', agent: '7.20.0.0' };
  const lastSeen = falconTime(d.lastSeenAt);
  const chassis = CHASSIS[d.deviceType];
  const connectionMac = formatMac(d.ethernetMac ?? d.wifiMac, 'dash');
  const localIp = `10.${(d.index >> 8) & 0xff}.${d.index & 0xff}.${10 + (d.index % 200)}`;
  const host: Record<string, unknown> = {
    device_id: ids.deviceId,
    cid: ids.cid,
    agent_load_flags: '1',
    agent_local_time: lastSeen,
    agent_version: platform.agent,
    bios_version: d.manufacturer === 'Apple' ? '10151.140.19.0.0' : '1.21.0',
    config_id_base: '65994763',
    config_id_build: platform.agent.split('.')[2] ?? '0',
    config_id_platform: platform.id,
    external_ip: `203.0.113.${(d.index % 250) + 1}`,
    mac_address: formatMac(d.wifiMac, 'dash'),
    connection_mac_address: connectionMac,
    connection_ip: localIp,
    local_ip: localIp,
    default_gateway_ip: `10.${(d.index >> 8) & 0xff}.${d.index & 0xff}.1`,
    hostname: d.hostname,
    first_seen: falconTime(d.enrolledAt),
    last_seen: lastSeen,
    modified_timestamp: lastSeen,
    platform_id: platform.id,
    platform_name: platform.name,
    ...osFields(d),
    ...hardwareFields(d),
    product_type: d.deviceType === 'server' ? '3' : '1',
    product_type_desc: d.deviceType === 'server' ? 'Server' : 'Workstation',
    ...(chassis ? { chassis_type: chassis.type, chassis_type_desc: chassis.desc } : {}),
    provision_status: 'Provisioned',
    reduced_functionality_mode: 'no',
    status,
    last_login_user: d.assignee ? `${d.assignee.firstName}.${d.assignee.lastName}`.toLowerCase() : '',
    tags: d.deviceType === 'server' ? ['SensorGroupingTags/servers'] : [],
    groups: [],
  };
  if (!d.edrWithoutSerial) host.serial_number = d.serialNumber;
  else if (d.index % 2 === 0) host.serial_number = '';
  // A broken shape a real API could send after a schema change: the time as epoch seconds.
  if (malformed) host.last_seen = Math.floor(Date.parse(d.lastSeenAt) / 1000);
  return host;
}
