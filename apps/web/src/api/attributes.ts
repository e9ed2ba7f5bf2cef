// The canonical asset attributes, copied by hand from packages/domain/src/attributes.ts (labels, groups,
// types, allowed values, which are managed by dedicated actions): importing '@steward/domain' would pull
// zod into the bundle (~80 kB). domain-copy.test.ts fails when the copy drifts.
import { DISPOSAL_METHODS, LIFECYCLE_STATES } from './lifecycle.js';

export const ATTRIBUTE_GROUPS = [
  'identity',
  'hardware',
  'os',
  'security',
  'management',
  'financial',
  'assignment',
  'lifecycle',
] as const;
export type AttributeGroup = (typeof ATTRIBUTE_GROUPS)[number];

export const GROUP_LABELS: Record<AttributeGroup, string> = {
  identity: 'Identity',
  hardware: 'Hardware',
  os: 'Operating system',
  security: 'Security',
  management: 'Management',
  financial: 'Financial',
  assignment: 'Assignment',
  lifecycle: 'Lifecycle',
};

export type AttributeType =
  'text' | 'number' | 'date' | 'datetime' | 'boolean' | 'enum' | 'person' | 'location';

export const DEVICE_TYPES = [
  'laptop',
  'desktop',
  'phone',
  'tablet',
  'server',
  'iot',
  'network',
  'virtual_machine',
  'cloud_instance',
  'other',
] as const;
export const ACCESSORY_TYPES = [
  'monitor',
  'dock',
  'keyboard',
  'mouse',
  'headset',
  'webcam',
  'printer',
] as const;

export interface AttributeDef {
  key: string;
  label: string;
  group: AttributeGroup;
  type: AttributeType;
  values?: readonly string[];
  /** Written only through a dedicated action (transition, assignment, legal hold), not an edit. */
  managed?: boolean;
}

const a = <K extends string>(
  key: K,
  label: string,
  group: AttributeGroup,
  type: AttributeType,
  extra: Partial<AttributeDef> = {},
): AttributeDef & { key: K } => ({ ...extra, key, label, group, type });

export const ASSET_ATTRIBUTES = [
  a('name', 'Name', 'identity', 'text'),
  a('assetTag', 'Asset tag', 'identity', 'text'),
  a('serialNumber', 'Serial number', 'identity', 'text'),
  a('deviceType', 'Type', 'identity', 'enum', { values: [...DEVICE_TYPES, ...ACCESSORY_TYPES] }),
  a('hostname', 'Hostname', 'identity', 'text'),
  a('imei', 'IMEI', 'identity', 'text'),
  a('udid', 'UDID', 'identity', 'text'),
  a('manufacturer', 'Manufacturer', 'hardware', 'text'),
  a('model', 'Model', 'hardware', 'text'),
  a('modelIdentifier', 'Model identifier', 'hardware', 'text'),
  a('cpu', 'Processor', 'hardware', 'text'),
  a('memoryGb', 'Memory (GB)', 'hardware', 'number'),
  a('storageGb', 'Storage (GB)', 'hardware', 'number'),
  a('osName', 'OS', 'os', 'text'),
  a('osVersion', 'OS version', 'os', 'text'),
  a('osBuild', 'OS build', 'os', 'text'),
  a('diskEncrypted', 'Disk encrypted', 'security', 'boolean'),
  a('edrPresent', 'EDR present', 'security', 'boolean'),
  a('edrHealthy', 'EDR healthy', 'security', 'boolean'),
  a('firewallEnabled', 'Firewall on', 'security', 'boolean'),
  a('mdmEnrolled', 'MDM enrolled', 'management', 'boolean'),
  a('mdmName', 'MDM', 'management', 'text'),
  a('lastCheckinAt', 'Last check-in', 'management', 'datetime'),
  a('poNumber', 'PO number', 'financial', 'text'),
  a('vendor', 'Vendor', 'financial', 'text'),
  a('purchasePrice', 'Price', 'financial', 'number'),
  a('purchaseDate', 'Purchase date', 'financial', 'date'),
  a('warrantyEnd', 'Warranty end', 'financial', 'date'),
  a('leaseEnd', 'Lease end', 'financial', 'date'),
  a('depreciationMonths', 'Depreciation (months)', 'financial', 'number'),
  a('assignedPersonId', 'Assigned to', 'assignment', 'person', { managed: true }),
  a('locationId', 'Location', 'assignment', 'location', { managed: true }),
  a('lifecycleState', 'Lifecycle', 'lifecycle', 'enum', { values: LIFECYCLE_STATES, managed: true }),
  a('legalHold', 'Legal hold', 'lifecycle', 'boolean', { managed: true }),
  a('disposalMethod', 'Disposal method', 'lifecycle', 'enum', { values: DISPOSAL_METHODS, managed: true }),
] as const satisfies readonly AttributeDef[];

export type AttributeKey = (typeof ASSET_ATTRIBUTES)[number]['key'];

export const ATTRIBUTE_BY_KEY: ReadonlyMap<string, AttributeDef> = new Map(
  ASSET_ATTRIBUTES.map((d) => [d.key, d]),
);

/** Fields that are not canonical attributes but can still be shown, filtered and (except tags) sorted on. */
export const META_FIELDS: readonly AttributeDef[] = [
  a('tags', 'Tags', 'identity', 'text'),
  a('kind', 'Kind', 'identity', 'enum', { values: ['device', 'accessory'] }),
  a('createdAt', 'Created', 'identity', 'datetime'),
  a('updatedAt', 'Updated', 'identity', 'datetime'),
];

/** The server sorts by canonical attributes and createdAt/updatedAt/kind; not by tags or custom fields. */
export function isSortable(field: string): boolean {
  return ATTRIBUTE_BY_KEY.has(field) || (field !== 'tags' && META_FIELDS.some((m) => m.key === field));
}
