// The simulator's managed devices: a little mutable state per device, the Graph record built on demand.
import { createHash } from 'node:crypto';
import { formatMac, type SimDevice, type SimFleet } from '@steward/sdk/simulator';

export interface DeviceActionResult {
  actionName: string;
  actionState: 'pending' | 'active' | 'done' | 'failed';
  startDateTime: string;
  lastUpdatedDateTime: string;
}

export interface IntuneDevice {
  /** Position in the tenant's device list: what a skip token points after. */
  seq: number;
  id: string;
  fleet: SimDevice;
  deviceActionResults: DeviceActionResult[];
}

/** A GUID derived from `seed`, so ids are the same on every run. */
export function guidOf(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  const variant = '89ab'[parseInt(h.charAt(16), 16) % 4] ?? '8';
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The Intune managed device id of a fleet device. */
export function managedDeviceIdOf(device: Pick<SimDevice, 'id'>): string {
  return guidOf(`intune/managedDevice/${device.id}`);
}

export class IntuneDevices {
  private readonly ordered: IntuneDevice[];
  private readonly byId = new Map<string, IntuneDevice>();

  constructor(fleet: SimFleet) {
    this.ordered = fleet.devices
      .filter((d) => d.inIntune)
      .map((fleetDevice, seq) => ({
        seq,
        id: managedDeviceIdOf(fleetDevice),
        fleet: fleetDevice,
        deviceActionResults: [],
      }));
    for (const d of this.ordered) this.byId.set(d.id, d);
  }

  get count(): number {
    return this.byId.size;
  }

  get(id: string): IntuneDevice | undefined {
    return this.byId.get(id);
  }

  /** The devices Intune still has, in list order. */
  list(): IntuneDevice[] {
    return this.ordered.filter((d) => this.byId.has(d.id));
  }

  delete(id: string): boolean {
    return this.byId.delete(id);
  }

  /** Up to `top` live devices after position `after` that `matches` accepts, and whether more follow. */
  page(
    after: number,
    top: number,
    matches: (d: IntuneDevice) => boolean,
  ): { items: IntuneDevice[]; more: boolean } {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ordered[mid]?.seq ?? 0) <= after) lo = mid + 1;
      else hi = mid;
    }
    const items: IntuneDevice[] = [];
    for (let i = lo; i < this.ordered.length; i++) {
      const d = this.ordered[i] as IntuneDevice;
      if (!this.byId.has(d.id) || !matches(d)) continue;
      if (items.length === top) return { items, more: true };
      items.push(d);
    }
    return { items, more: false };
  }
}

const GB = 1_000_000_000;
const GIB = 1024 ** 3;
/** Graph's "no date". */
export const NO_DATE = '0001-01-01T00:00:00Z';
const graphDate = (iso: string): string => `${iso.slice(0, 19)}Z`;

function osVersionOf(d: SimDevice): string {
  if (d.platform === 'Windows') return `10.0.${d.osBuild}`;
  if (d.platform === 'macOS') return `${d.osVersion} (${d.osBuild})`;
  return d.osVersion;
}

/** Intune's managedDeviceName: user_platform_M/D/YYYY_h:mm AM (enrollment time). */
function managedDeviceNameOf(d: SimDevice): string {
  const at = new Date(d.enrolledAt);
  const hours = at.getUTCHours();
  const time = `${hours % 12 || 12}:${String(at.getUTCMinutes()).padStart(2, '0')} ${hours < 12 ? 'AM' : 'PM'}`;
  const user = d.assignee ? (d.assignee.email.split('@')[0] ?? 'user') : 'Userless';
  return `${user}_${d.platform}_${at.getUTCMonth() + 1}/${at.getUTCDate()}/${at.getUTCFullYear()}_${time}`;
}

/**
 * A Graph managedDevice. In the list (`entity` false) ethernetMacAddress and physicalMemoryInBytes are
 * always null, as Graph does; only a single-device read fills them in.
 */
export function renderManagedDevice(device: IntuneDevice, entity: boolean): Record<string, unknown> {
  const d = device.fleet;
  const person = d.assignee;
  const mobile = d.deviceType === 'phone' || d.deviceType === 'tablet';
  const total = d.storageGb * GB;
  // One device in 97 enrolled but never synced: Graph then says 0001-01-01.
  const neverSynced = d.index % 97 === 0;
  return {
    id: device.id,
    userId: person ? guidOf(`entra/user/${person.id}`) : '',
    deviceName: d.hostname,
    managedDeviceName: managedDeviceNameOf(d),
    userPrincipalName: person?.email ?? '',
    userDisplayName: person ? `${person.firstName} ${person.lastName}` : '',
    emailAddress: person?.email ?? '',
    azureADDeviceId: guidOf(`entra/device/${d.id}`),
    serialNumber: d.serialNumber,
    wiFiMacAddress: formatMac(d.wifiMac, 'bare'),
    ethernetMacAddress: entity && d.ethernetMac ? formatMac(d.ethernetMac, 'bare') : null,
    model: d.model,
    manufacturer: d.manufacturer,
    imei: d.imei ?? '',
    meid: '',
    phoneNumber: '',
    totalStorageSpaceInBytes: total,
    freeStorageSpaceInBytes: Math.round(total * (0.15 + ((d.index * 37) % 60) / 100)),
    physicalMemoryInBytes: entity ? d.memoryGb * GIB : null,
    operatingSystem: d.platform,
    osVersion: osVersionOf(d),
    jailBroken: mobile ? 'False' : 'Unknown',
    managementAgent: d.platform === 'Windows' && d.index % 5 === 0 ? 'configurationManagerClientMdm' : 'mdm',
    isSupervised: mobile,
    managedDeviceOwnerType: 'company',
    enrolledDateTime: graphDate(d.enrolledAt),
    isEncrypted: d.encrypted,
    lastSyncDateTime: neverSynced ? NO_DATE : graphDate(d.lastSeenAt),
    complianceState: d.encrypted ? 'compliant' : 'noncompliant',
    deviceActionResults: device.deviceActionResults.map((r) => ({ ...r })),
  };
}

/** Every property a managedDevice has here: what `$select` and `$filter` may name. */
export const MANAGED_DEVICE_PROPERTIES: ReadonlySet<string> = new Set([
  'id',
  'userId',
  'deviceName',
  'managedDeviceName',
  'userPrincipalName',
  'userDisplayName',
  'emailAddress',
  'azureADDeviceId',
  'serialNumber',
  'wiFiMacAddress',
  'ethernetMacAddress',
  'model',
  'manufacturer',
  'imei',
  'meid',
  'phoneNumber',
  'totalStorageSpaceInBytes',
  'freeStorageSpaceInBytes',
  'physicalMemoryInBytes',
  'operatingSystem',
  'osVersion',
  'jailBroken',
  'managementAgent',
  'isSupervised',
  'managedDeviceOwnerType',
  'enrolledDateTime',
  'isEncrypted',
  'lastSyncDateTime',
  'complianceState',
  'deviceActionResults',
]);
