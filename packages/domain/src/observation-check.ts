import { ASSET_ATTRIBUTE_BY_KEY, type AttributeDef } from './attributes.js';
import type { ErrorDetail } from './errors.js';
import type { EntityKind } from './kinds.js';
import type { AttributeValue } from './reconcile.js';
import { validateCustomValue, type CustomFieldDefinition } from './custom-fields.js';

/** Which store an observed kind lands in. Kinds not listed are valid model kinds not ingested yet. */
export const INGESTED_KINDS: Partial<Record<EntityKind, 'asset' | 'person'>> = {
  device: 'asset',
  accessory: 'asset',
  person: 'person',
};
export type IngestedEntityType = 'asset' | 'person';

/** The person attributes a source may speak for; `key` is the API name, `column` the people column. */
export const PERSON_ATTRIBUTES: readonly Pick<AttributeDef, 'key' | 'type' | 'column' | 'values'>[] = [
  { key: 'name', type: 'text', column: 'name' },
  { key: 'email', type: 'text', column: 'email' },
  { key: 'employeeId', type: 'text', column: 'employee_id' },
  { key: 'department', type: 'text', column: 'department' },
  { key: 'title', type: 'text', column: 'title' },
  { key: 'status', type: 'enum', column: 'status', values: ['active', 'on_leave', 'terminated'] },
  { key: 'startDate', type: 'date', column: 'start_date' },
  { key: 'endDate', type: 'date', column: 'end_date' },
];
export const PERSON_ATTRIBUTE_BY_KEY = new Map(PERSON_ATTRIBUTES.map((a) => [a.key, a]));

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_TEXT = 1000;

/** Why a value does not fit the attribute's type, or undefined when it does. */
function typeProblem(def: Pick<AttributeDef, 'type' | 'values'>, v: unknown): string | undefined {
  switch (def.type) {
    case 'text':
      if (typeof v !== 'string') return `must be text, not ${typeof v}`;
      return v.length > MAX_TEXT ? `longer than ${MAX_TEXT} characters` : undefined;
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? undefined : 'must be a finite number';
    case 'boolean':
      return typeof v === 'boolean' ? undefined : 'must be true or false';
    case 'date':
      return typeof v === 'string' && DATE.test(v) && !Number.isNaN(Date.parse(v))
        ? undefined
        : 'must be a date (YYYY-MM-DD)';
    case 'datetime':
      return typeof v === 'string' && DATETIME.test(v) && !Number.isNaN(Date.parse(v))
        ? undefined
        : 'must be an ISO-8601 date-time with an offset';
    case 'enum':
      return typeof v === 'string' && def.values?.includes(v)
        ? undefined
        : `must be one of ${def.values?.join(', ')}`;
    default:
      return 'is set through its own action, not by a source';
  }
}

/**
 * An observation's attributes checked against the canonical model of its kind: known names, right types,
 * managed attributes (lifecycle, legal hold, assignment) refused. Text is trimmed, a serial upper-cased,
 * a date-time made UTC; null or blank text is kept as null (a blank, which never overwrites).
 */
export function checkObservedAttributes(
  entityType: IngestedEntityType,
  kind: EntityKind,
  attributes: Record<string, unknown>,
  path: string,
  customFields: ReadonlyMap<string, Pick<CustomFieldDefinition, 'type' | 'values'>> = new Map(),
): { values: Record<string, AttributeValue | null>; problems: ErrorDetail[] } {
  const values: Record<string, AttributeValue | null> = {};
  const problems: ErrorDetail[] = [];
  for (const [key, raw] of Object.entries(attributes)) {
    const at = `${path}.${key}`;
    if (key.startsWith('cf_')) {
      const custom = checkCustom(entityType, customFields.get(key), raw);
      if ('reason' in custom) problems.push({ path: at, reason: custom.reason });
      else values[key] = custom.value;
      continue;
    }
    const def = entityType === 'person' ? PERSON_ATTRIBUTE_BY_KEY.get(key) : ASSET_ATTRIBUTE_BY_KEY.get(key);
    if (!def) {
      problems.push({ path: at, reason: `not a canonical ${kind} attribute` });
      continue;
    }
    if ('managed' in def && def.managed) {
      problems.push({
        path: at,
        reason: 'set through its own action (lifecycle, assignment), not by a source',
      });
      continue;
    }
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (value === null || value === undefined || value === '') {
      values[key] = null;
      continue;
    }
    const problem = typeProblem(def, value);
    if (problem) {
      problems.push({ path: at, reason: problem });
      continue;
    }
    values[key] = normaliseValue(key, def.type, value as AttributeValue);
  }
  return { values, problems };
}

/** A tenant's custom field as a source may fill it (a person reference is Steward's own, not a source's). */
function checkCustom(
  entityType: IngestedEntityType,
  def: Pick<CustomFieldDefinition, 'type' | 'values'> | undefined,
  raw: unknown,
): { value: AttributeValue | null } | { reason: string } {
  if (!def) return { reason: `no such custom field for ${entityType === 'asset' ? 'assets' : 'people'}` };
  if (def.type === 'person') return { reason: 'a person reference is set in Steward, not by a source' };
  const r = validateCustomValue({ ...def, required: false }, typeof raw === 'string' ? raw.trim() : raw);
  return r.ok ? { value: r.value } : { reason: r.reason };
}

function normaliseValue(key: string, type: AttributeDef['type'], v: AttributeValue): AttributeValue {
  if (key === 'serialNumber' && typeof v === 'string') return v.toUpperCase();
  if (key === 'email' && typeof v === 'string') return v.toLowerCase();
  if (type === 'datetime' && typeof v === 'string') return new Date(v).toISOString();
  return v;
}
