import type { Expression, ExpressionBuilder, Kysely, SelectQueryBuilder } from 'kysely';
import { errors, type ErrorDetail } from '@steward/domain';
import type { DB, PeopleTable } from '../../platform/db/index.js';
import type { Filter } from '../assets/index.js';
import { customFieldsByKey } from '../custom-fields/index.js';

type Q = SelectQueryBuilder<DB, 'people', PeopleTable>;
type EB = ExpressionBuilder<DB, 'people'>;
type Kind = 'text' | 'boolean' | 'date';

/** Filterable person attributes and their indexed columns. */
const FIELDS: Record<string, { column: keyof PeopleTable; kind: Kind }> = {
  email: { column: 'email', kind: 'text' },
  employeeId: { column: 'employee_id', kind: 'text' },
  name: { column: 'name', kind: 'text' },
  department: { column: 'department', kind: 'text' },
  title: { column: 'title', kind: 'text' },
  managerId: { column: 'manager_id', kind: 'text' },
  locationId: { column: 'location_id', kind: 'text' },
  status: { column: 'status', kind: 'text' },
  legalHold: { column: 'legal_hold', kind: 'boolean' },
  startDate: { column: 'start_date', kind: 'date' },
  endDate: { column: 'end_date', kind: 'date' },
  updatedAt: { column: 'updated_at', kind: 'date' },
};

const OPS = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
const PREFIX_END = '\u{10FFFF}';

function scalar(kind: Kind, v: unknown): string | number | undefined {
  if (kind === 'boolean') return typeof v === 'boolean' ? (v ? 1 : 0) : undefined;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/** Typed filters on any person attribute or custom field; every condition is an index lookup. */
export async function applyPeopleFilters(
  db: Kysely<DB>,
  tenantId: string,
  filters: Filter[],
  base: Q,
  prefix: string,
): Promise<Q> {
  const custom = await customFieldsByKey(db, tenantId, 'person');
  const problems: ErrorDetail[] = [];
  let query = base;
  filters.forEach((f, i) => {
    const path = `${prefix}filter[${i}]`;
    const field = FIELDS[f.field];
    const cf = custom.get(f.field);
    if (!field && !cf) return problems.push({ path: `${path}.field`, reason: `unknown field ${f.field}` });
    const kind: Kind = field?.kind ?? (cf?.type === 'boolean' ? 'boolean' : 'text');
    const numeric = cf?.type === 'number' || cf?.type === 'boolean';
    const raw = f.op === 'exists' ? [] : Array.isArray(f.value) ? f.value : [f.value];
    const values = raw.map((v) => (numeric && typeof v === 'number' ? v : scalar(kind, v)));
    if (values.some((v) => v === undefined) || (f.op === 'in') !== Array.isArray(f.value)) {
      return problems.push({
        path: `${path}.value`,
        reason: f.op === 'in' ? 'must be a list' : `must be a single ${kind} value`,
      });
    }
    if (f.op === 'prefix' && kind === 'boolean')
      return problems.push({ path: `${path}.op`, reason: 'prefix works on text fields only' });
    const cond = (eb: EB, ref: string) => {
      // The column's type varies by field; values were checked against it above.
      const r = eb.ref(ref as 'people.id') as unknown as Expression<string | number | null>;
      const vs = values as (string | number)[];
      if (f.op === 'exists') return f.value === false ? eb(r, 'is', null) : eb(r, 'is not', null);
      if (f.op === 'in') return eb(r, 'in', vs);
      if (f.op === 'prefix') return eb.and([eb(r, '>=', vs[0]!), eb(r, '<', `${vs[0]}${PREFIX_END}`)]);
      return eb(r, OPS[f.op], vs[0]!);
    };
    if (field) {
      query = query.where((eb) => cond(eb, `people.${field.column}`));
    } else {
      const column = numeric ? 'v.value_number' : 'v.value_text';
      query = query.where((eb) => {
        const sub = eb
          .selectFrom('custom_field_values as v')
          .select('v.entity_id')
          .where('v.tenant_id', '=', tenantId)
          .where('v.field_key', '=', f.field);
        const withValue = f.op === 'exists' ? sub : sub.where((e) => cond(e as unknown as EB, column));
        return f.op === 'exists' && f.value === false
          ? eb('people.id', 'not in', withValue)
          : eb('people.id', 'in', withValue);
      });
    }
    return undefined;
  });
  if (problems.length) throw errors.validation('The filter is invalid.', problems);
  return query;
}
