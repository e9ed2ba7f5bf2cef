import {
  ASSET_ATTRIBUTES,
  errors,
  type AttributeDef,
  type CustomFieldType,
  type ErrorDetail,
} from '@steward/domain';
import { importMappingSchema } from './asset-csv.schemas.js';

/** What the importer needs to know of a custom field definition. */
export interface CustomFieldDef {
  key: string;
  label: string;
  type: CustomFieldType;
  values: string[] | null;
  required: boolean;
}

export type Target =
  | { type: 'attribute'; def: AttributeDef }
  | { type: 'custom'; field: CustomFieldDef }
  | { type: 'tags' }
  | { type: 'kind' }
  | { type: 'ignore' };

export interface Column {
  /** Position in the row. */
  index: number;
  header: string;
  target: Target;
}

/** The managed attribute an import may set: the initial lifecycle state of a new asset. */
const IMPORTABLE_MANAGED = new Set(['lifecycleState']);

/** Columns an export writes that an import reads past: server-assigned, or changed by their own actions. */
const NOT_IMPORTABLE: Record<string, string> = {
  id: 'ids are assigned by Steward',
  createdAt: 'set by Steward',
  updatedAt: 'set by Steward',
  version: 'set by Steward',
  assignedPersonId: 'set through assignment',
  locationId: 'set through assignment',
  legalHold: 'set through the legal hold action',
  disposalMethod: 'set by the disposal transition',
};

export function targetName(t: Target): string {
  if (t.type === 'attribute') return t.def.key;
  if (t.type === 'custom') return t.field.key;
  return t.type;
}

type Lookup = { found: Target } | { notImportable: string; why: string } | { unknown: true };

/** Resolve a name (a mapping target, or a header) by key or label, case-insensitively. */
function lookup(name: string, custom: ReadonlyMap<string, CustomFieldDef>, allowIgnore: boolean): Lookup {
  const n = name.trim().toLowerCase();
  if (allowIgnore && n === 'ignore') return { found: { type: 'ignore' } };
  if (n === 'tags') return { found: { type: 'tags' } };
  if (n === 'kind') return { found: { type: 'kind' } };
  const def = ASSET_ATTRIBUTES.find((a) => a.key.toLowerCase() === n || a.label.toLowerCase() === n);
  if (def) {
    if (def.managed && !IMPORTABLE_MANAGED.has(def.key))
      return { notImportable: def.key, why: NOT_IMPORTABLE[def.key] ?? 'managed by its own action' };
    return { found: { type: 'attribute', def } };
  }
  const meta = Object.keys(NOT_IMPORTABLE).find((k) => k.toLowerCase() === n);
  if (meta) return { notImportable: meta, why: NOT_IMPORTABLE[meta]! };
  for (const f of custom.values()) {
    if (f.key.toLowerCase() === n || f.label.toLowerCase() === n)
      return { found: { type: 'custom', field: f } };
  }
  return { unknown: true };
}

/** The mapping query parameter, parsed: {CSV header: target}. */
export function parseMapping(raw: string | undefined): Record<string, string> {
  if (raw === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw errors.validation('mapping is not valid JSON.', [
      { path: 'query.mapping', reason: 'must be a JSON object {"CSV column header": "attributeKey"}' },
    ]);
  }
  const parsed = importMappingSchema.safeParse(value);
  if (!parsed.success) {
    throw errors.validation(
      'mapping is invalid.',
      parsed.error.issues.map((i) => ({
        path: ['query.mapping', ...i.path.map(String)].join('.'),
        reason: i.message,
      })),
    );
  }
  return parsed.data;
}

/**
 * How each column of the file is read. A column named in the mapping goes to its target; any other
 * matches an attribute key or label, a custom field key or label, tags or kind. Columns an export writes
 * but an import cannot set (id, timestamps, assignment, …) are read past. Anything else is a 400 naming
 * every offending column, so no data is silently dropped: map it to "ignore" to skip it on purpose.
 */
export function resolveColumns(
  headers: string[],
  mapping: Record<string, string>,
  custom: ReadonlyMap<string, CustomFieldDef>,
): Column[] {
  const problems: ErrorDetail[] = [];
  const byHeader = new Map<string, number>();
  headers.forEach((h, i) => {
    const key = h.trim().toLowerCase();
    if (byHeader.has(key))
      problems.push({ path: `body.header.${h}`, reason: 'the file has this column twice' });
    byHeader.set(key, i);
  });

  /** Every column name at fault, for the message. */
  const named: string[] = [];
  const mapped = new Map<number, string>();
  for (const [header, target] of Object.entries(mapping)) {
    const index = byHeader.get(header.trim().toLowerCase());
    if (index === undefined) {
      named.push(header);
      problems.push({ path: `query.mapping.${header}`, reason: 'the file has no such column' });
    } else mapped.set(index, target);
  }

  const columns: Column[] = [];
  headers.forEach((header, index) => {
    const target = mapped.get(index);
    const r = lookup(target ?? header, custom, target !== undefined);
    if ('found' in r) {
      columns.push({ index, header, target: r.found });
    } else if ('notImportable' in r) {
      if (target !== undefined)
        problems.push({
          path: `query.mapping.${header}`,
          reason: `${r.notImportable} cannot be imported (${r.why})`,
        });
      columns.push({ index, header, target: { type: 'ignore' } });
    } else if (target !== undefined) {
      named.push(`${header} → ${target}`);
      problems.push({
        path: `query.mapping.${header}`,
        reason: `unknown target ${target}: use an attribute key, a custom field key, tags, kind or ignore`,
      });
    } else {
      named.push(header || `(column ${index + 1})`);
      problems.push({
        path: `body.header.${header || `(column ${index + 1})`}`,
        reason: 'matches no attribute, custom field, tags or kind: map it, or map it to ignore',
      });
    }
  });

  const seen = new Map<string, string>();
  for (const c of columns) {
    if (c.target.type === 'ignore') continue;
    const name = targetName(c.target);
    const first = seen.get(name);
    if (first !== undefined)
      problems.push({
        path: `body.header.${c.header}`,
        reason: `${name} is already read from column ${first}`,
      });
    else seen.set(name, c.header);
  }

  if (problems.length) {
    throw errors.validation(
      named.length ? `Unknown columns: ${named.join(', ')}.` : 'The columns cannot be read as mapped.',
      problems,
    );
  }
  return columns;
}
