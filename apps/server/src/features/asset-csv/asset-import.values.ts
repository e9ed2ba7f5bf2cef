import { validateCustomValue, type AttributeDef, type CustomFieldValue } from '@steward/domain';
import type { CustomFieldDef } from './asset-import.columns.js';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

export type Converted = { ok: true; value: unknown } | { ok: false; reason: string };

function toBoolean(cell: string): boolean | undefined {
  const v = cell.toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return undefined;
}

function toEnum(cell: string, values: readonly string[]): string | undefined {
  return values.find((v) => v.toLowerCase() === cell.toLowerCase());
}

/**
 * A non-empty cell as the value the API takes for a canonical attribute: numbers and booleans are parsed
 * (true/false, yes/no, y/n, 1/0), enum values match case-insensitively. Text, dates and the rest stay
 * strings: the assets feature's own input schema validates them next.
 */
export function attributeValue(def: AttributeDef, cell: string): Converted {
  switch (def.type) {
    case 'number':
      return NUMBER.test(cell)
        ? { ok: true, value: Number(cell) }
        : { ok: false, reason: 'must be a number' };
    case 'boolean': {
      const b = toBoolean(cell);
      return b === undefined
        ? { ok: false, reason: 'must be true or false (yes/no and 1/0 also work)' }
        : { ok: true, value: b };
    }
    case 'enum':
      return { ok: true, value: toEnum(cell, def.values ?? []) ?? cell };
    default:
      return { ok: true, value: cell };
  }
}

/** A non-empty cell as a custom field value, checked by the same rule the API applies. */
export function customValue(field: CustomFieldDef, cell: string): Converted {
  let raw: unknown = cell;
  if (field.type === 'boolean') raw = toBoolean(cell) ?? cell;
  if (field.type === 'enum') raw = toEnum(cell, field.values ?? []) ?? cell;
  const r = validateCustomValue(
    { type: field.type, values: field.values ?? undefined, required: field.required },
    raw,
  );
  return r.ok ? { ok: true, value: r.value satisfies CustomFieldValue } : { ok: false, reason: r.reason };
}

/** Tags share a cell, separated by ; or , (neither can be part of a tag). */
export function splitTags(cell: string): string[] {
  return cell
    .split(/[;,]/)
    .map((t) => t.trim())
    .filter(Boolean);
}

interface ZodLikeIssue {
  code: string;
  message: string;
  path: PropertyKey[];
  format?: string;
  values?: unknown[];
}

/** A zod issue from the assets input schemas in words for a person fixing a spreadsheet. */
export function issueReason(issue: ZodLikeIssue, value: unknown): string {
  if (issue.code === 'invalid_value' && Array.isArray(issue.values))
    return `${JSON.stringify(value)} is not allowed: use one of ${issue.values.join(', ')}`;
  if (issue.code === 'invalid_format' && issue.format === 'date') return 'must be a date as YYYY-MM-DD';
  if (issue.code === 'invalid_format' && issue.format === 'datetime')
    return 'must be a date and time with an offset, e.g. 2025-03-01T09:30:00Z';
  if (issue.path[0] === 'tags' && typeof value === 'string')
    return `tag ${JSON.stringify(value)}: ${issue.message}`;
  return issue.message;
}
