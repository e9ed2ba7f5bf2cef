import type { SimDevice, SimFleet } from '@steward/sdk/simulator';

export type ClientType = 'COMPUTER' | 'MOBILE_DEVICE';

export interface ExtensionAttributeDefinition {
  id: string;
  name: string;
  description: string;
  dataType: 'STRING' | 'INTEGER' | 'DATE';
  inputType: 'TEXT' | 'POPUP' | 'SCRIPT' | 'DIRECTORY_SERVICE_ATTRIBUTE_MAPPING';
  multiValue: boolean;
}

/** What an update changed on a computer; everything else is derived from the fleet device on demand. */
export interface ComputerPatch {
  general?: Record<string, unknown>;
  userAndLocation?: Record<string, unknown>;
  purchasing?: Record<string, unknown>;
  extensionAttributes?: Map<string, string[]>;
}

export interface ComputerEntry {
  id: string;
  device: SimDevice;
  managementId: string;
  patch?: ComputerPatch;
}

export interface MobileEntry {
  id: string;
  device: SimDevice;
  managementId: string;
}

export interface MdmCommand {
  uuid: string;
  client: { managementId: string; clientType: ClientType };
  commandState: 'PENDING' | 'ACKNOWLEDGED' | 'NOT_NOW' | 'ERROR';
  commandType: string;
  dateSent: string;
  dateCompleted: string | null;
  /** What was asked (PIN included): kept for tests, never served back, as in Jamf. */
  commandData: Record<string, unknown>;
}

export const EXTENSION_ATTRIBUTE_DEFINITIONS: readonly ExtensionAttributeDefinition[] = [
  {
    id: '1',
    name: 'Do Not Delete',
    description: 'Set to "true" to keep the record out of clean-up policies.',
    dataType: 'STRING',
    inputType: 'TEXT',
    multiValue: false,
  },
  {
    id: '2',
    name: 'Department code',
    description: 'Cost-centre code of the department the Mac belongs to.',
    dataType: 'STRING',
    inputType: 'TEXT',
    multiValue: false,
  },
];

/** A deterministic UUID-shaped management id per fleet device (Jamf's are random UUIDs). */
function managementIdOf(device: SimDevice, kind: ClientType): string {
  const hash = ((device.index * 2654435761) >>> 0).toString(16).padStart(8, '0');
  const tag = kind === 'COMPUTER' ? 'c0de' : 'e0b1';
  return `${hash}-${tag}-4000-8000-${device.index.toString(16).padStart(12, '0')}`;
}

/**
 * A Jamf Pro server's records, built from the shared fleet: Macs are computers, iPhones and iPads mobile
 * devices, each numbered from 1 in fleet order as Jamf numbers them. Records are rendered per request.
 */
export class JamfState {
  readonly computers = new Map<string, ComputerEntry>();
  readonly mobileDevices = new Map<string, MobileEntry>();
  /** Live computer ids in ascending id order (what `sort=id:asc` pages through). */
  computerIds: string[] = [];
  readonly mobileIds: string[] = [];
  readonly commands: MdmCommand[] = [];
  /** Fleet device ids (`d17`) whose records are served with a broken shape. */
  readonly malformed: Set<string>;
  readonly extensionAttributeDefinitions = EXTENSION_ATTRIBUTE_DEFINITIONS;
  readonly departmentIds = new Map<string, string>();
  private readonly managed = new Map<string, { type: ClientType; id: string }>();
  private readonly sortCache = new Map<string, string[]>();

  constructor(fleet: SimFleet, malformed: Iterable<string> = []) {
    this.malformed = new Set(malformed);
    for (const person of fleet.people) {
      if (!this.departmentIds.has(person.department))
        this.departmentIds.set(person.department, String(this.departmentIds.size + 1));
    }
    for (const device of fleet.devices) {
      if (!device.inJamf) continue;
      if (device.platform === 'macOS') {
        const id = String(this.computerIds.length + 1);
        const entry = { id, device, managementId: managementIdOf(device, 'COMPUTER') };
        this.computers.set(id, entry);
        this.computerIds.push(id);
        this.managed.set(entry.managementId, { type: 'COMPUTER', id });
      } else if (device.platform === 'iOS' || device.platform === 'iPadOS') {
        const id = String(this.mobileIds.length + 1);
        const entry = { id, device, managementId: managementIdOf(device, 'MOBILE_DEVICE') };
        this.mobileDevices.set(id, entry);
        this.mobileIds.push(id);
        this.managed.set(entry.managementId, { type: 'MOBILE_DEVICE', id });
      }
    }
  }

  /** The device a management id belongs to, if it is still enrolled. */
  client(managementId: string): { type: ClientType; id: string } | undefined {
    const found = this.managed.get(managementId);
    if (!found) return undefined;
    const live = found.type === 'COMPUTER' ? this.computers.has(found.id) : this.mobileDevices.has(found.id);
    return live ? found : undefined;
  }

  deleteComputer(id: string): boolean {
    if (!this.computers.delete(id)) return false;
    this.computerIds = this.computerIds.filter((c) => c !== id);
    this.sortCache.clear();
    return true;
  }

  patchComputer(entry: ComputerEntry, patch: ComputerPatch): void {
    const current = (entry.patch ??= {});
    if (patch.general) current.general = { ...current.general, ...patch.general };
    if (patch.userAndLocation)
      current.userAndLocation = { ...current.userAndLocation, ...patch.userAndLocation };
    if (patch.purchasing) current.purchasing = { ...current.purchasing, ...patch.purchasing };
    for (const [definitionId, values] of patch.extensionAttributes ?? []) {
      (current.extensionAttributes ??= new Map()).set(definitionId, values);
    }
    this.sortCache.clear();
  }

  /** Ids in the order a sort asks for, computed once per sort until the records change. */
  sorted(key: string, ids: readonly string[], compare: (a: string, b: string) => number): readonly string[] {
    let order = this.sortCache.get(key);
    if (!order) {
      order = [...ids].sort(compare);
      this.sortCache.set(key, order);
    }
    return order;
  }

  commandsFor(managementId: string): MdmCommand[] {
    return this.commands.filter((c) => c.client.managementId === managementId);
  }

  /** The fleet device behind a Jamf computer id, for tests. */
  computerOf(device: SimDevice): ComputerEntry | undefined {
    for (const entry of this.computers.values()) if (entry.device === device) return entry;
    return undefined;
  }
}
