import { ATTRIBUTE_BY_KEY, META_FIELDS, type AttributeType } from '../../../api/attributes.js';
import { humanize } from '../../../api/lifecycle.js';
import type { AssetFilter, CustomField, FilterOp } from '../../../api/records.js';
import { formatValue } from '../../../ui/format.js';

export const OP_LABELS: Record<FilterOp, string> = {
  eq: 'is',
  neq: 'is not',
  in: 'is one of',
  gt: 'is after / more than',
  gte: 'is at least',
  lt: 'is before / less than',
  lte: 'is at most',
  prefix: 'starts with',
  exists: 'is set / empty',
};

const ORDERED: FilterOp[] = ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte'];

/** The operators that make sense for a type (the server refuses prefix on numbers and booleans). */
export function opsFor(type: AttributeType): FilterOp[] {
  switch (type) {
    case 'boolean':
      return ['eq', 'neq', 'exists'];
    case 'enum':
    case 'person':
    case 'location':
      return ['eq', 'neq', 'in', 'exists'];
    case 'number':
      return [...ORDERED, 'exists'];
    default:
      return [...ORDERED, 'prefix', 'exists'];
  }
}

export interface FilterField {
  key: string;
  label: string;
  group: string;
  type: AttributeType;
  values?: readonly string[];
}

/** Every field a filter can use: canonical attributes, tags and timestamps, then custom fields. */
export function filterFields(custom: readonly CustomField[]): FilterField[] {
  const canonical = [...ATTRIBUTE_BY_KEY.values()].map((d) => ({
    key: d.key,
    label: d.label,
    group: humanize(d.group),
    type: d.type,
    values: d.values,
  }));
  const meta = META_FIELDS.map((d) => ({
    key: d.key,
    label: d.label,
    group: 'Other',
    type: d.type,
    values: d.values,
  }));
  const own = custom.map((f) => ({
    key: f.key,
    label: f.label,
    group: 'Custom fields',
    type: f.type as AttributeType,
    values: f.values ?? undefined,
  }));
  return [...canonical, ...meta, ...own];
}

/** The typed value the server expects, from what was typed; null when it is not valid yet. */
export function parseFilterValue(
  type: AttributeType,
  op: FilterOp,
  raw: string,
): AssetFilter['value'] | null {
  if (op === 'exists') return raw !== 'false';
  if (op === 'in') {
    const parts = raw
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    if (parts.length === 0) return null;
    if (type === 'number') {
      const nums = parts.map(Number);
      return nums.every(Number.isFinite) ? nums : null;
    }
    return parts;
  }
  const v = raw.trim();
  if (!v) return null;
  if (type === 'boolean') return v === 'true';
  if (type === 'number') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  if (type === 'datetime' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) return new Date(v).toISOString();
  return v;
}

export function describeFilter(f: AssetFilter, fields: readonly FilterField[]): string {
  const label = fields.find((x) => x.key === f.field)?.label ?? f.field;
  if (f.op === 'exists') return `${label} ${f.value === false ? 'is empty' : 'is set'}`;
  const value = Array.isArray(f.value) ? f.value.join(', ') : formatValue(f.value);
  return `${label} ${OP_LABELS[f.op]} ${value}`;
}
