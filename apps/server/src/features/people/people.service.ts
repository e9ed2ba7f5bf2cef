import type { Kysely, Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import { filterSchema, type Filter } from '../assets/index.js';
import { formatPath } from '../../platform/http/index.js';
import { applyPeopleFilters } from './people.query.js';
import { PERSON_ATTRIBUTES, errors, type ErrorDetail } from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import type { Bus } from '../../platform/bus/index.js';
import type { KnownEntityObservation, ObserveKnown } from '../../platform/observe/index.js';
import {
  afterCommit,
  inTransaction,
  iso,
  type Clock,
  type DB,
  type PeopleTable,
} from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import { customValuesOf, validateCustomValues, writeCustomValues } from '../custom-fields/index.js';
import { emptyPersonRow } from './person.observed.js';
import type { CreatePersonInput, Person, UpdatePersonInput, peopleListQuery } from './people.schemas.js';

export interface PeopleDeps {
  db: Kysely<DB>;
  clock: Clock;
  bus: Bus;
  /** Feeds what an edit says into the ingestion pipeline, as the `manual` source's observation. */
  observe: ObserveKnown;
}

/** The person attributes a source speaks for, from an edit (undefined: not edited). */
function observedOf(input: Record<string, unknown>): KnownEntityObservation['attributes'] {
  const out: KnownEntityObservation['attributes'] = {};
  for (const a of PERSON_ATTRIBUTES) {
    const v = input[a.key];
    if (v !== undefined) out[a.key] = v as string | null;
  }
  for (const [key, v] of Object.entries(input))
    if (key.startsWith('cf_') && v !== undefined) out[key] = v as string | number | boolean | null;
  return out;
}

function manualObservation(id: string, input: Record<string, unknown>): KnownEntityObservation {
  return {
    entityType: 'person',
    entityId: id,
    kind: 'person',
    source: 'manual',
    identifiers: {},
    attributes: observedOf(input),
  };
}

type Db = Kysely<DB> | Transaction<DB>;
type Row = Selectable<PeopleTable>;

function parseFilter(raw: string): Filter[] {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw errors.validation('filter is not valid JSON.', [
      { path: 'query.filter', reason: 'must be a JSON array of {field, op, value}' },
    ]);
  }
  const parsed = z.array(filterSchema).max(30).safeParse(value);
  if (!parsed.success)
    throw errors.validation(
      'filter is invalid.',
      parsed.error.issues.map((i) => ({ path: formatPath('query.filter', i.path), reason: i.message })),
    );
  return parsed.data;
}

function toPerson(r: Row, custom?: Person['custom']): Person {
  return {
    id: r.id,
    email: r.email,
    employeeId: r.employee_id,
    name: r.name,
    department: r.department,
    title: r.title,
    managerId: r.manager_id,
    locationId: r.location_id,
    status: r.status as Person['status'],
    legalHold: Number(r.legal_hold) === 1,
    startDate: r.start_date,
    endDate: r.end_date,
    ...(custom ? { custom } : {}),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const COLUMNS: Record<string, keyof Row> = {
  email: 'email',
  employeeId: 'employee_id',
  name: 'name',
  department: 'department',
  title: 'title',
  managerId: 'manager_id',
  locationId: 'location_id',
  status: 'status',
  startDate: 'start_date',
  endDate: 'end_date',
};

function columnsOf(input: Record<string, unknown>): Partial<Row> {
  const out: Record<string, unknown> = {};
  for (const [k, c] of Object.entries(COLUMNS)) if (input[k] !== undefined) out[c] = input[k];
  return out as Partial<Row>;
}

async function requirePerson(db: Db, tenantId: string, id: string): Promise<Row> {
  const r = await db
    .selectFrom('people')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw errors.notFound('Person');
  return r;
}

async function view(db: Db, tenantId: string, r: Row): Promise<Person> {
  return toPerson(r, (await customValuesOf(db, tenantId, 'person', [r.id])).get(r.id));
}

async function checkUnique(db: Db, tenantId: string, email: string | null | undefined, exceptId?: string) {
  if (!email) return;
  const other = await db
    .selectFrom('people')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('email', '=', email)
    .executeTakeFirst();
  if (other && other.id !== exceptId)
    throw errors.conflict(`${email} already belongs to another person.`, [
      { path: 'body.email', reason: 'already in use' },
    ]);
}

async function checkRefs(
  db: Db,
  tenantId: string,
  input: { managerId?: string | null; locationId?: string | null },
  selfId?: string,
) {
  const problems: ErrorDetail[] = [];
  if (input.managerId) {
    if (input.managerId === selfId)
      problems.push({ path: 'body.managerId', reason: 'a person cannot manage themselves' });
    else if (
      !(await db
        .selectFrom('people')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', input.managerId)
        .executeTakeFirst())
    ) {
      problems.push({ path: 'body.managerId', reason: 'no such person' });
    }
  }
  if (
    input.locationId &&
    !(await db
      .selectFrom('locations')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', input.locationId)
      .executeTakeFirst())
  ) {
    problems.push({ path: 'body.locationId', reason: 'no such location' });
  }
  if (problems.length) throw errors.validation('A reference does not exist.', problems);
}

export async function createPerson(
  deps: PeopleDeps,
  ctx: RequestContext,
  input: CreatePersonInput,
): Promise<Person> {
  const { tenantId } = authorize(ctx.principal, 'operator');
  const now = iso(deps.clock.now());
  const person = await inTransaction(deps.db, async (trx) => {
    await checkUnique(trx, tenantId, input.email);
    await checkRefs(trx, tenantId, input);
    const custom = await validateCustomValues(trx, tenantId, 'person', input.custom ?? {}, {
      path: 'body.custom',
      creating: true,
    });
    const row: Row = {
      ...emptyPersonRow(newId(), tenantId, now),
      ...columnsOf(input),
      name: input.name,
      status: input.status,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('people').values(row).execute();
    await writeCustomValues(trx, tenantId, row.id, custom);
    await deps.observe(trx, ctx, [manualObservation(row.id, { ...input, ...custom })]);
    const created = await view(trx, tenantId, await requirePerson(trx, tenantId, row.id));
    await recordAudit(
      trx,
      auditFrom(ctx, { action: 'person.created', target: { type: 'person', id: row.id }, after: created }),
      deps.clock,
    );
    return created;
  });
  await afterCommit(deps.db, () =>
    deps.bus.publish(`tenant.${tenantId}.person.created`, { personId: person.id }),
  );
  return person;
}

export async function updatePerson(
  deps: PeopleDeps,
  ctx: RequestContext,
  id: string,
  input: UpdatePersonInput,
): Promise<Person> {
  const { tenantId } = authorize(ctx.principal, 'operator');
  const person = await inTransaction(deps.db, async (trx) => {
    const row = await requirePerson(trx, tenantId, id);
    const before = await view(trx, tenantId, row);
    await checkUnique(trx, tenantId, input.email, id);
    await checkRefs(trx, tenantId, input, id);
    const custom = await validateCustomValues(trx, tenantId, 'person', input.custom ?? {}, {
      path: 'body.custom',
      creating: false,
    });
    await trx
      .updateTable('people')
      .set({ ...columnsOf(input), updated_at: iso(deps.clock.now()) })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
    await writeCustomValues(trx, tenantId, id, custom);
    const edited = manualObservation(id, { ...input, ...custom });
    if (Object.keys(edited.attributes).length) await deps.observe(trx, ctx, [edited]);
    const after = await view(trx, tenantId, await requirePerson(trx, tenantId, id));
    await recordAudit(
      trx,
      auditFrom(ctx, { action: 'person.updated', target: { type: 'person', id }, before, after }),
      deps.clock,
    );
    return after;
  });
  await afterCommit(deps.db, () => deps.bus.publish(`tenant.${tenantId}.person.updated`, { personId: id }));
  return person;
}

export async function setPersonLegalHold(
  deps: PeopleDeps,
  ctx: RequestContext,
  id: string,
  input: { hold: boolean; reason: string },
): Promise<Person> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  const person = await inTransaction(deps.db, async (trx) => {
    const before = await view(trx, tenantId, await requirePerson(trx, tenantId, id));
    await trx
      .updateTable('people')
      .set({ legal_hold: input.hold ? 1 : 0, updated_at: iso(deps.clock.now()) })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
    const after = await view(trx, tenantId, await requirePerson(trx, tenantId, id));
    await recordAudit(
      trx,
      {
        ...auditFrom(ctx, {
          action: input.hold ? 'person.legal_hold_set' : 'person.legal_hold_released',
          target: { type: 'person', id },
          before,
          after,
        }),
        reason: input.reason,
      },
      deps.clock,
    );
    return after;
  });
  await afterCommit(deps.db, () => deps.bus.publish(`tenant.${tenantId}.person.updated`, { personId: id }));
  return person;
}

export async function getPerson(
  deps: Pick<PeopleDeps, 'db'>,
  ctx: RequestContext,
  id: string,
): Promise<Person> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  return view(deps.db, tenantId, await requirePerson(deps.db, tenantId, id));
}

/** People by name, keyset-paged; q matches the start of the name or the email. */
export async function listPeople(deps: PeopleDeps, ctx: RequestContext, q: z.infer<typeof peopleListQuery>) {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  let query = deps.db.selectFrom('people').selectAll().where('tenant_id', '=', tenantId);
  if (q.filter) query = await applyPeopleFilters(deps.db, tenantId, parseFilter(q.filter), query, 'query.');
  if (q.status) query = query.where('status', '=', q.status);
  if (q.department) query = query.where('department', '=', q.department);
  if (q.q) {
    const p = q.q;
    const end = `${p}\u{10FFFF}`;
    const lower = p.toLowerCase();
    query = query.where((eb) =>
      eb.or([
        eb.and([eb('name', '>=', p), eb('name', '<', end)]),
        eb.and([eb('email', '>=', lower), eb('email', '<', `${lower}\u{10FFFF}`)]),
      ]),
    );
  }
  const total =
    q.count === 'true'
      ? Number(
          (
            await query
              .clearSelect()
              .select((eb) => eb.fn.countAll<string | number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        )
      : undefined;
  if (q.cursor) {
    let c: { name: string; id: string };
    try {
      c = JSON.parse(Buffer.from(q.cursor, 'base64url').toString('utf8')) as { name: string; id: string };
    } catch {
      throw errors.validation('The cursor is invalid.', [
        { path: 'query.cursor', reason: 'not a cursor from this API' },
      ]);
    }
    query = query.where((eb) =>
      eb.or([eb('name', '>', c.name), eb.and([eb('name', '=', c.name), eb('id', '>', c.id)])]),
    );
  }
  const rows = await query
    .orderBy('name')
    .orderBy('id')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const custom = await customValuesOf(
    deps.db,
    tenantId,
    'person',
    page.map((r) => r.id),
  );
  return {
    items: page.map((r) => toPerson(r, custom.get(r.id))),
    nextCursor:
      rows.length > q.limit && last
        ? Buffer.from(JSON.stringify({ name: last.name, id: last.id })).toString('base64url')
        : null,
    ...(total !== undefined ? { total } : {}),
  };
}
