// A form generated from a JSON Schema (a connector's configSchema, an action's inputSchema): the fields to
// show, their starting values, and the payload the form's values make. Pure, so it is unit-tested.
import type { ErrorDetail } from '../../api/types.js';
import type { JsonSchema } from './connectors.types.js';

export type FieldKind =
  'text' | 'url' | 'email' | 'number' | 'integer' | 'boolean' | 'enum' | 'list' | 'json';

export interface SchemaField {
  /** Dotted path into the object: `baseUrl`, `backoff.baseMs`. */
  path: string;
  label: string;
  description: string | null;
  kind: FieldKind;
  required: boolean;
  default: unknown;
  options: string[];
  min: number | null;
  max: number | null;
}

/** A form value: text inputs hold strings (numbers too, until sent), checkboxes booleans. */
export type FormValue = string | boolean;
export type FormValues = Record<string, FormValue>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Words people read: "baseUrl" → "Base URL", "page_size" → "Page size". */
export function labelOf(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .map((w) => (['url', 'id', 'api', 'ms', 'pin', 'cid', 'uri'].includes(w) ? w.toUpperCase() : w));
  const text = words.join(' ').replace(/\bMS\b/, '(ms)');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Without the `null` branch of a nullable (`anyOf: [X, {type: null}]`), or the schema itself. */
function unwrap(schema: Record<string, unknown>): Record<string, unknown> {
  const branches = (schema.anyOf ?? schema.oneOf) as unknown;
  if (!Array.isArray(branches)) return schema;
  const kept = branches.filter((b) => isObject(b) && b.type !== 'null') as Record<string, unknown>[];
  const consts = kept.filter((b) => 'const' in b);
  if (consts.length === kept.length && consts.length > 0)
    return { ...schema, type: 'string', enum: consts.map((b) => b.const) };
  return kept.length === 1 && kept[0] ? { ...schema, ...kept[0] } : schema;
}

function kindOf(s: Record<string, unknown>): FieldKind {
  if (Array.isArray(s.enum)) return 'enum';
  if ('const' in s) return 'enum';
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (type === 'boolean') return 'boolean';
  if (type === 'integer') return 'integer';
  if (type === 'number') return 'number';
  if (type === 'string') {
    if (s.format === 'uri' || s.format === 'url') return 'url';
    if (s.format === 'email') return 'email';
    return 'text';
  }
  if (type === 'array' && isObject(s.items) && ['string', 'number', 'integer'].includes(String(s.items.type)))
    return 'list';
  return 'json';
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** zod writes ±MAX_SAFE_INTEGER for "any int"; that is no limit worth showing. */
const limit = (v: unknown): number | null => {
  const n = num(v);
  return n === null || Math.abs(n) >= Number.MAX_SAFE_INTEGER ? null : n;
};

interface Nesting {
  prefix: string;
  /** The enclosing object's default, which supplies its fields' defaults. */
  defaults: Record<string, unknown> | undefined;
  /** Whether the enclosing object must be given (a field of an optional object is never required). */
  required: boolean;
}

/** The fields of an object schema, nested objects flattened to dotted paths; `omit` leaves some out. */
export function fieldsOf(
  schema: JsonSchema,
  omit: readonly string[] = [],
  nesting: Nesting = { prefix: '', defaults: undefined, required: true },
): SchemaField[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const out: SchemaField[] = [];
  for (const [key, raw] of Object.entries(properties)) {
    const path = nesting.prefix ? `${nesting.prefix}.${key}` : key;
    if (omit.includes(path) || !isObject(raw)) continue;
    const s = unwrap(raw);
    const fallback = s.default ?? nesting.defaults?.[key];
    const isRequired = nesting.required && required.has(key) && fallback === undefined;
    if (s.type === 'object' && isObject(s.properties)) {
      const defaults = isObject(fallback) ? fallback : undefined;
      out.push(...fieldsOf(s, omit, { prefix: path, defaults, required: isRequired }));
      continue;
    }
    const kind = kindOf(s);
    const exclusiveMin = num(s.exclusiveMinimum);
    out.push({
      path,
      label: typeof s.title === 'string' ? s.title : labelOf(path.replace(/\./g, ' ')),
      description: typeof s.description === 'string' ? s.description : null,
      kind,
      required: isRequired,
      default: fallback,
      options: kind === 'enum' ? (Array.isArray(s.enum) ? s.enum : [s.const]).map(String) : [],
      min: limit(s.minimum) ?? (exclusiveMin === null ? null : exclusiveMin + (kind === 'integer' ? 1 : 0)),
      max: limit(s.maximum),
    });
  }
  return out;
}

function get(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (isObject(o) ? o[k] : undefined), obj);
}

function set(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = obj;
  for (const k of keys.slice(0, -1)) {
    if (!isObject(at[k])) at[k] = {};
    at = at[k] as Record<string, unknown>;
  }
  at[keys[keys.length - 1] ?? path] = value;
}

function toFormValue(field: SchemaField, v: unknown): FormValue {
  if (field.kind === 'boolean') return v === true;
  if (v === undefined || v === null) return '';
  if (field.kind === 'list' && Array.isArray(v)) return v.map(String).join('\n');
  if (field.kind === 'json') return JSON.stringify(v, null, 2);
  return String(v);
}

/** Starting values: what is stored (when editing), else the schema's defaults. */
export function initialValues(fields: SchemaField[], stored?: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const f of fields)
    values[f.path] = toFormValue(f, (stored ? get(stored, f.path) : undefined) ?? f.default);
  return values;
}

export interface Built {
  value: Record<string, unknown>;
  /** Field path → why the value cannot be sent (checked here, before the server would say so). */
  errors: Record<string, string>;
}

/**
 * The object the form's values make. Blank optional fields are left out (the server applies defaults);
 * numbers are sent as numbers; a blank required field is left to the server to name.
 */
export function buildValue(fields: SchemaField[], values: FormValues): Built {
  const value: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const v = values[f.path];
    if (f.kind === 'boolean') {
      set(value, f.path, v === true);
      continue;
    }
    const text = typeof v === 'string' ? v.trim() : '';
    if (text === '') continue;
    if (f.kind === 'number' || f.kind === 'integer') {
      const n = Number(text);
      if (!Number.isFinite(n) || (f.kind === 'integer' && !Number.isInteger(n)))
        errors[f.path] = f.kind === 'integer' ? 'a whole number' : 'a number';
      else set(value, f.path, n);
    } else if (f.kind === 'list') {
      set(
        value,
        f.path,
        text
          .split(/[\n,]/)
          .map((s) => s.trim())
          .filter(Boolean),
      );
    } else if (f.kind === 'json') {
      try {
        set(value, f.path, JSON.parse(text) as unknown);
      } catch {
        errors[f.path] = 'not valid JSON';
      }
    } else {
      set(value, f.path, text);
    }
  }
  return { value, errors };
}

/**
 * The server's per-field reasons by the form field they belong to: `body.config.baseUrl` → `config.baseUrl`,
 * `body.secrets.clientSecret` → `secrets.clientSecret`, `body.input.pin` → `input.pin`. Reasons for no
 * field shown (`shown` says which are) are returned apart, for the form's own alert.
 */
export function errorsByField(
  details: readonly ErrorDetail[],
  shown: ReadonlySet<string>,
): { byField: Record<string, string>; rest: ErrorDetail[] } {
  const byField: Record<string, string> = {};
  const rest: ErrorDetail[] = [];
  for (const d of details) {
    const path = d.path.replace(/^body\./, '');
    // A reason about an object (`config.backoff`) goes to its first shown field.
    const field = shown.has(path) ? path : [...shown].find((s) => s.startsWith(`${path}.`));
    if (field) byField[field] = byField[field] ? `${byField[field]}; ${d.reason}` : d.reason;
    else rest.push(d);
  }
  return { byField, rest };
}
