import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SelectQueryBuilder,
  type SqlBool,
} from 'kysely';
import { ASSET_ATTRIBUTE_BY_KEY, errors, type AttributeType, type ErrorDetail } from '@steward/domain';
import type { DB } from '../../platform/db/index.js';
import { customFieldsByKey } from '../custom-fields/index.js';
import { normaliseAttribute, type AssetRow } from './asset.mapping.js';
import type { AssetQuery, Filter } from './asset.query.schemas.js';
import { PREFIX_END } from './asset.search.js';

type Q = SelectQueryBuilder<DB, 'assets', AssetRow>;
type EB = ExpressionBuilder<DB, 'assets'>;

/** Fields that are not canonical attributes but can still be filtered or sorted on. */
const META_FIELDS: Record<
  string,
  { column: 'id' | 'kind' | 'created_at' | 'updated_at'; type: AttributeType }
> = {
  id: { column: 'id', type: 'text' },
  kind: { column: 'kind', type: 'text' },
  createdAt: { column: 'created_at', type: 'datetime' },
  updatedAt: { column: 'updated_at', type: 'datetime' },
};

interface Resolved {
  kind: 'column' | 'tags' | 'custom';
  column?: string;
  type: AttributeType;
  customKey?: string;
}

export class QueryProblems {
  readonly details: ErrorDetail[] = [];
  constructor(private readonly prefix: string) {}
  add(path: string, reason: string): void {
    this.details.push({ path: `${this.prefix}${path}`, reason });
  }
  throwIfAny(): void {
    if (this.details.length) throw errors.validation('The query is invalid.', this.details);
  }
}

async function resolver(db: Kysely<DB>, tenantId: string) {
  const custom = await customFieldsByKey(db, tenantId, 'asset');
  return (field: string): Resolved | undefined => {
    const def = ASSET_ATTRIBUTE_BY_KEY.get(field);
    if (def) return { kind: 'column', column: def.column, type: def.type };
    const meta = META_FIELDS[field];
    if (meta) return { kind: 'column', column: meta.column, type: meta.type };
    if (field === 'tags') return { kind: 'tags', type: 'text' };
    const cf = custom.get(field);
    if (cf) return { kind: 'custom', customKey: cf.key, type: cf.type === 'person' ? 'text' : cf.type };
    return undefined;
  };
}

function coerce(
  type: AttributeType,
  field: string,
  value: unknown,
  path: string,
  problems: QueryProblems,
): string | number | undefined {
  if (type === 'boolean') {
    if (typeof value === 'boolean') return value ? 1 : 0;
    problems.add(path, 'must be true or false');
    return undefined;
  }
  if (type === 'number') {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    problems.add(path, 'must be a number');
    return undefined;
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    problems.add(path, 'must be a string');
    return undefined;
  }
  return String(normaliseAttribute(field, String(value)));
}

const COMPARE: Record<string, '=' | '<>' | '>' | '>=' | '<' | '<='> = {
  eq: '=',
  neq: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
};

function condition(
  eb: EB,
  target: Expression<unknown>,
  op: Filter['op'],
  values: (string | number)[],
  exists?: boolean,
): Expression<SqlBool> {
  if (op === 'exists') return exists ? eb(target, 'is not', null) : eb(target, 'is', null);
  if (op === 'in') return eb(target, 'in', values);
  if (op === 'prefix')
    return eb.and([eb(target, '>=', values[0]!), eb(target, '<', `${values[0]}${PREFIX_END}`)]);
  return eb(target, COMPARE[op]!, values[0]!);
}

/**
 * Build the WHERE of an asset query, free text aside (see asset.search.ts); every condition is on an
 * indexed column or an indexed side table.
 */
export async function applyFilters(
  db: Kysely<DB>,
  tenantId: string,
  q: AssetQuery,
  base: Q,
  pathPrefix: string,
): Promise<Q> {
  const resolve = await resolver(db, tenantId);
  const problems = new QueryProblems(pathPrefix);
  let query = base.where('assets.tenant_id', '=', tenantId);
  if (q.kind) query = query.where('assets.kind', '=', q.kind);

  q.filters.forEach((f, i) => {
    const path = `filters[${i}]`;
    const r = resolve(f.field);
    if (!r) return problems.add(`${path}.field`, `unknown field ${f.field}`);
    if (f.op === 'prefix' && !['text', 'date', 'datetime', 'enum'].includes(r.type))
      return problems.add(`${path}.op`, 'prefix works on text fields only');
    if (f.op === 'exists') {
      if (typeof f.value !== 'boolean' && f.value !== undefined)
        return problems.add(`${path}.value`, 'must be true or false');
    } else if (f.op === 'in') {
      if (!Array.isArray(f.value)) return problems.add(`${path}.value`, 'must be a list');
    } else if (f.value === undefined || Array.isArray(f.value)) {
      return problems.add(`${path}.value`, 'must be a single value');
    }
    const raw = f.op === 'exists' ? [] : Array.isArray(f.value) ? f.value : [f.value];
    const values = raw
      .map((v) => coerce(r.type, f.field, v, `${path}.value`, problems))
      .filter((v): v is string | number => v !== undefined);
    const exists = f.op === 'exists' ? f.value !== false : undefined;

    if (r.kind === 'column') {
      query = query.where((eb) =>
        condition(eb, eb.ref(`assets.${r.column}` as 'assets.id'), f.op, values, exists),
      );
    } else if (r.kind === 'tags') {
      const sub = (eb: EB) => {
        const tagged = eb
          .selectFrom('asset_tags')
          .select('asset_tags.asset_id')
          .where('asset_tags.tenant_id', '=', tenantId);
        return f.op === 'exists'
          ? tagged
          : tagged.where((e) =>
              condition(e as unknown as EB, e.ref('asset_tags.tag') as Expression<unknown>, f.op, values),
            );
      };
      query = query.where((eb) =>
        exists === false ? eb('assets.id', 'not in', sub(eb)) : eb('assets.id', 'in', sub(eb)),
      );
    } else {
      const valueColumn = r.type === 'number' || r.type === 'boolean' ? 'v.value_number' : 'v.value_text';
      const sub = (eb: EB) => {
        const withField = eb
          .selectFrom('custom_field_values as v')
          .select('v.entity_id')
          .where('v.tenant_id', '=', tenantId)
          .where('v.field_key', '=', r.customKey!);
        return f.op === 'exists'
          ? withField
          : withField.where((e) =>
              condition(e as unknown as EB, e.ref(valueColumn) as Expression<unknown>, f.op, values),
            );
      };
      query = query.where((eb) =>
        exists === false ? eb('assets.id', 'not in', sub(eb)) : eb('assets.id', 'in', sub(eb)),
      );
    }
    return undefined;
  });

  if (q.sort.field !== 'id' && !ASSET_ATTRIBUTE_BY_KEY.has(q.sort.field) && !META_FIELDS[q.sort.field]) {
    problems.add('sort.field', `cannot sort by ${q.sort.field}`);
  }
  problems.throwIfAny();
  return query;
}

export function sortColumn(field: string): string {
  return ASSET_ATTRIBUTE_BY_KEY.get(field)?.column ?? META_FIELDS[field]?.column ?? 'id';
}

/** Attributes whose equality picks out a handful of rows: a person's devices, one serial, one PO. */
const SELECTIVE = new Set(['serialNumber', 'assetTag', 'hostname', 'imei', 'udid', 'poNumber', 'id']);

/**
 * True when a filter pins a few rows through another index than the sort's. SQLite's planner then still
 * likes walking the sort index to skip a sort (measured: 340 ms instead of 2 ms for one person's devices
 * at 100K), so the page orders by an expression no index can serve and the selective index is used.
 */
export function sortIndexWouldMislead(q: AssetQuery): boolean {
  return q.filters.some((f) => {
    if (f.field === q.sort.field || (f.op !== 'eq' && f.op !== 'in')) return false;
    const def = ASSET_ATTRIBUTE_BY_KEY.get(f.field);
    return SELECTIVE.has(f.field) || def?.type === 'person' || def?.type === 'location';
  });
}

/** The sort column as an expression of the same order that no index matches. */
export function unindexedSortKey(field: string): string {
  const def = ASSET_ATTRIBUTE_BY_KEY.get(field);
  const column = `assets.${sortColumn(field)}`;
  return def?.type === 'number' || def?.type === 'boolean' ? `(${column} + 0)` : `(${column} || '')`;
}
