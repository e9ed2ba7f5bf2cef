import { DEVICE_TYPES, ACCESSORY_TYPES, type AssetKind } from './kinds.js';
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

export type AttributeType =
  'text' | 'number' | 'date' | 'datetime' | 'boolean' | 'enum' | 'person' | 'location';

export interface AttributeDef {
  /** Canonical name, used in the API, observations, CSV headers and filters. */
  key: string;
  label: string;
  group: AttributeGroup;
  type: AttributeType;
  values?: readonly string[];
  /** The indexed database column that holds it. */
  column: string;
  /** Included in free-text search. */
  searchable?: boolean;
  /** Written only through a dedicated action (lifecycle transition, assignment, legal hold), not a plain edit. */
  managed?: boolean;
  kinds: readonly AssetKind[];
  description: string;
}

const both = ['device', 'accessory'] as const;
const device = ['device'] as const;

/**
 * The canonical asset attributes. Each is a real, indexed column, so every filter and sort is an index
 * lookup rather than a scan of a JSON blob. Source precedence (ingestion) works per group.
 */
export const ASSET_ATTRIBUTES: readonly AttributeDef[] = [
  {
    key: 'name',
    label: 'Name',
    group: 'identity',
    type: 'text',
    column: 'name',
    searchable: true,
    kinds: both,
    description: 'Display name, e.g. the hostname or "Jane’s MacBook Pro".',
  },
  {
    key: 'assetTag',
    label: 'Asset tag',
    group: 'identity',
    type: 'text',
    column: 'asset_tag',
    searchable: true,
    kinds: both,
    description: 'The organisation’s own label on the asset; unique per tenant.',
  },
  {
    key: 'serialNumber',
    label: 'Serial number',
    group: 'identity',
    type: 'text',
    column: 'serial_number',
    searchable: true,
    kinds: both,
    description: 'Manufacturer serial, trimmed and upper-cased.',
  },
  {
    key: 'deviceType',
    label: 'Type',
    group: 'identity',
    type: 'enum',
    values: [...DEVICE_TYPES, ...ACCESSORY_TYPES.filter((t) => t !== 'other')],
    column: 'device_type',
    kinds: both,
    description:
      'Laptop, desktop, phone, tablet, server, IoT, network device, VM or cloud instance; for accessories monitor, dock, ….',
  },
  {
    key: 'hostname',
    label: 'Hostname',
    group: 'identity',
    type: 'text',
    column: 'hostname',
    searchable: true,
    kinds: device,
    description: 'Network host name as the device reports it.',
  },
  {
    key: 'imei',
    label: 'IMEI',
    group: 'identity',
    type: 'text',
    column: 'imei',
    kinds: device,
    description: 'Mobile equipment identity (phones, cellular tablets).',
  },
  {
    key: 'udid',
    label: 'UDID',
    group: 'identity',
    type: 'text',
    column: 'udid',
    kinds: device,
    description: 'Apple unique device identifier.',
  },
  {
    key: 'manufacturer',
    label: 'Manufacturer',
    group: 'hardware',
    type: 'text',
    column: 'manufacturer',
    kinds: both,
    description: 'e.g. Apple, Dell, Lenovo.',
  },
  {
    key: 'model',
    label: 'Model',
    group: 'hardware',
    type: 'text',
    column: 'model',
    searchable: true,
    kinds: both,
    description: 'Marketing model name, e.g. MacBook Pro 14" (2023).',
  },
  {
    key: 'modelIdentifier',
    label: 'Model identifier',
    group: 'hardware',
    type: 'text',
    column: 'model_identifier',
    kinds: device,
    description: 'Vendor model code, e.g. Mac15,6.',
  },
  {
    key: 'cpu',
    label: 'Processor',
    group: 'hardware',
    type: 'text',
    column: 'cpu',
    kinds: device,
    description: 'Processor model.',
  },
  {
    key: 'memoryGb',
    label: 'Memory (GB)',
    group: 'hardware',
    type: 'number',
    column: 'memory_gb',
    kinds: device,
    description: 'Installed memory.',
  },
  {
    key: 'storageGb',
    label: 'Storage (GB)',
    group: 'hardware',
    type: 'number',
    column: 'storage_gb',
    kinds: device,
    description: 'Primary disk capacity.',
  },
  {
    key: 'osName',
    label: 'OS',
    group: 'os',
    type: 'text',
    column: 'os_name',
    kinds: device,
    description: 'macOS, Windows, iOS, iPadOS, Android, Linux, ChromeOS….',
  },
  {
    key: 'osVersion',
    label: 'OS version',
    group: 'os',
    type: 'text',
    column: 'os_version',
    kinds: device,
    description: 'Version string, e.g. 14.4.1.',
  },
  {
    key: 'osBuild',
    label: 'OS build',
    group: 'os',
    type: 'text',
    column: 'os_build',
    kinds: device,
    description: 'Build number.',
  },
  {
    key: 'diskEncrypted',
    label: 'Disk encrypted',
    group: 'security',
    type: 'boolean',
    column: 'disk_encrypted',
    kinds: device,
    description: 'FileVault / BitLocker / LUKS on the boot volume.',
  },
  {
    key: 'edrPresent',
    label: 'EDR present',
    group: 'security',
    type: 'boolean',
    column: 'edr_present',
    kinds: device,
    description: 'An EDR sensor is installed.',
  },
  {
    key: 'edrHealthy',
    label: 'EDR healthy',
    group: 'security',
    type: 'boolean',
    column: 'edr_healthy',
    kinds: device,
    description: 'The EDR sensor reports in and is not in reduced functionality.',
  },
  {
    key: 'firewallEnabled',
    label: 'Firewall on',
    group: 'security',
    type: 'boolean',
    column: 'firewall_enabled',
    kinds: device,
    description: 'Host firewall enabled.',
  },
  {
    key: 'mdmEnrolled',
    label: 'MDM enrolled',
    group: 'management',
    type: 'boolean',
    column: 'mdm_enrolled',
    kinds: device,
    description: 'Enrolled in a device management system.',
  },
  {
    key: 'mdmName',
    label: 'MDM',
    group: 'management',
    type: 'text',
    column: 'mdm_name',
    kinds: device,
    description: 'Which MDM manages it (e.g. Jamf Pro, Intune).',
  },
  {
    key: 'lastCheckinAt',
    label: 'Last check-in',
    group: 'management',
    type: 'datetime',
    column: 'last_checkin_at',
    kinds: device,
    description: 'Last time the device reported to any management source.',
  },
  {
    key: 'poNumber',
    label: 'PO number',
    group: 'financial',
    type: 'text',
    column: 'po_number',
    searchable: true,
    kinds: both,
    description: 'Purchase order it was bought on.',
  },
  {
    key: 'vendor',
    label: 'Vendor',
    group: 'financial',
    type: 'text',
    column: 'vendor',
    kinds: both,
    description: 'Reseller or supplier, e.g. CDW, SHI.',
  },
  {
    key: 'purchasePrice',
    label: 'Price',
    group: 'financial',
    type: 'number',
    column: 'purchase_price',
    kinds: both,
    description: 'Unit price paid, in the tenant currency.',
  },
  {
    key: 'purchaseDate',
    label: 'Purchase date',
    group: 'financial',
    type: 'date',
    column: 'purchase_date',
    kinds: both,
    description: 'Date of purchase (YYYY-MM-DD).',
  },
  {
    key: 'warrantyEnd',
    label: 'Warranty end',
    group: 'financial',
    type: 'date',
    column: 'warranty_end',
    kinds: both,
    description: 'Last day of warranty cover.',
  },
  {
    key: 'leaseEnd',
    label: 'Lease end',
    group: 'financial',
    type: 'date',
    column: 'lease_end',
    kinds: both,
    description: 'When a leased asset must be returned.',
  },
  {
    key: 'depreciationMonths',
    label: 'Depreciation (months)',
    group: 'financial',
    type: 'number',
    column: 'depreciation_months',
    kinds: both,
    description:
      'Straight-line depreciation period; the book value is derived from price, purchase date and this.',
  },
  {
    key: 'assignedPersonId',
    label: 'Assigned to',
    group: 'assignment',
    type: 'person',
    column: 'assigned_person_id',
    managed: true,
    kinds: both,
    description: 'The person who holds it (set through assignment).',
  },
  {
    key: 'locationId',
    label: 'Location',
    group: 'assignment',
    type: 'location',
    column: 'location_id',
    managed: true,
    kinds: both,
    description: 'Where it is (set through assignment).',
  },
  {
    key: 'lifecycleState',
    label: 'Lifecycle',
    group: 'lifecycle',
    type: 'enum',
    values: LIFECYCLE_STATES,
    column: 'lifecycle_state',
    managed: true,
    kinds: both,
    description: 'Where it is in its life; changed only by a lifecycle transition.',
  },
  {
    key: 'legalHold',
    label: 'Legal hold',
    group: 'lifecycle',
    type: 'boolean',
    column: 'legal_hold',
    managed: true,
    kinds: both,
    description: 'While set, disposal, wipe and deletion are refused.',
  },
  {
    key: 'disposalMethod',
    label: 'Disposal method',
    group: 'lifecycle',
    type: 'enum',
    values: DISPOSAL_METHODS,
    column: 'disposal_method',
    managed: true,
    kinds: both,
    description: 'How it left: recycled, donated, destroyed, sold, returned to lessor.',
  },
];

export const ASSET_ATTRIBUTE_BY_KEY: ReadonlyMap<string, AttributeDef> = new Map(
  ASSET_ATTRIBUTES.map((a) => [a.key, a]),
);

/** Attributes an ordinary edit (API PATCH, CSV import, a source observation) may write. */
export const EDITABLE_ASSET_ATTRIBUTES = ASSET_ATTRIBUTES.filter((a) => !a.managed);
