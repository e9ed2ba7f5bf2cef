// Shapes of the system-of-record API (assets, people, locations, assignments, attachments, saved views).
// Kept by hand like types.ts; the server's zod schemas (see /api/openapi.json) are the source of truth.
import type { AttributeKey } from './attributes.js';
import type { DisposalMethod, LifecycleState } from './lifecycle.js';

export type AssetKind = 'device' | 'accessory';
export type CustomValue = string | number | boolean | null;
export type AttributeValue = string | number | boolean | null;

/** An asset as the API returns it. With `fields`, only the asked-for attributes are present. */
export type Asset = {
  id: string;
  kind: AssetKind;
  createdAt: string;
  updatedAt: string;
  version: number;
  tags?: string[];
  custom?: Record<string, CustomValue>;
  lifecycleState?: LifecycleState | null;
  legalHold?: boolean | null;
  disposalMethod?: DisposalMethod | null;
} & Partial<Record<Exclude<AttributeKey, 'lifecycleState' | 'legalHold' | 'disposalMethod'>, AttributeValue>>;

export const FILTER_OPS = ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'prefix', 'exists'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];
export type FilterValue = string | number | boolean | (string | number)[];

export interface AssetFilter {
  field: string;
  op: FilterOp;
  value?: FilterValue;
}

export interface AssetSort {
  field: string;
  direction: 'asc' | 'desc';
}

/** The body of POST /api/v1/assets/search. A saved view stores it without the cursor. */
export interface AssetQuery {
  kind?: AssetKind;
  filters: AssetFilter[];
  search?: string;
  sort: AssetSort;
  limit: number;
  cursor?: string;
  fields?: string[];
  count?: boolean;
}

export interface AssetPage {
  items: Asset[];
  nextCursor: string | null;
  total?: number;
}

export interface AssetCounts {
  byLifecycleState: Record<LifecycleState, number>;
  total: number;
}

export const PERSON_STATUSES = ['active', 'on_leave', 'terminated'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export interface Person {
  id: string;
  email: string | null;
  employeeId: string | null;
  name: string;
  department: string | null;
  title: string | null;
  managerId: string | null;
  locationId: string | null;
  status: PersonStatus;
  legalHold: boolean;
  startDate: string | null;
  endDate: string | null;
  custom?: Record<string, CustomValue>;
  createdAt: string;
  updatedAt: string;
}

export interface Location {
  id: string;
  name: string;
  address: string | null;
  createdAt: string;
}

export interface Assignment {
  id: string;
  assetId: string;
  personId: string | null;
  locationId: string | null;
  assignedAt: string;
  assignedBy: string;
  dueAt: string | null;
  returnedAt: string | null;
  acknowledgedAt: string | null;
  note: string | null;
  overdue: boolean;
}

export interface AssignResult {
  assignment: Assignment;
  asset: Asset;
  /** Shown once: the link the assignee opens to confirm receipt. */
  acknowledgementUrl: string;
}

export const ATTACHMENT_KINDS = [
  'invoice',
  'certificate_of_destruction',
  'photo',
  'contract',
  'other',
] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export interface Attachment {
  id: string;
  entityType: string;
  entityId: string;
  kind: AttachmentKind;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  createdBy: string;
  createdAt: string;
}

/** Copied from packages/domain/src/custom-fields.ts (domain-copy.test.ts checks it). */
export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'enum', 'person'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];
export type CustomFieldEntity = 'asset' | 'person';

export interface CustomField {
  id: string;
  entityType: CustomFieldEntity;
  key: string;
  label: string;
  type: CustomFieldType;
  values: string[] | null;
  required: boolean;
  description: string | null;
  createdAt: string;
}

/** A saved view: a named asset query (without its cursor), per user. */
export interface SavedView {
  id: string;
  name: string;
  entityType: 'asset';
  query: Partial<Omit<AssetQuery, 'cursor'>>;
  createdAt: string;
  updatedAt: string;
}
