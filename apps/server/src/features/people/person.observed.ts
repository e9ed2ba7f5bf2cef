import type { Selectable, Transaction } from 'kysely';
import { PERSON_ATTRIBUTES, type AttributeValue } from '@steward/domain';
import type { DB, PeopleTable } from '../../platform/db/index.js';
import { writeObservedCustomValues } from '../custom-fields/index.js';

type Row = Selectable<PeopleTable>;

/** What reconciliation decided for one person. */
export interface ObservedPersonWrite {
  id: string;
  create?: true;
  values: Record<string, AttributeValue | null>;
}

export interface PersonWriteResult {
  id: string;
  created: boolean;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
}

const IDS_PER_STATEMENT = 900;

/** A person row with every optional column empty; callers set name, status and what they know. */
export function emptyPersonRow(id: string, tenantId: string, now: string): Omit<Row, 'name' | 'status'> {
  return {
    id,
    tenant_id: tenantId,
    email: null,
    employee_id: null,
    department: null,
    title: null,
    manager_id: null,
    location_id: null,
    start_date: null,
    end_date: null,
    legal_hold: 0,
    created_at: now,
    updated_at: now,
  };
}

function attributesOf(row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of PERSON_ATTRIBUTES) out[a.key] = row[a.column as keyof Row] ?? null;
  return out;
}

function columnsOf(values: Record<string, unknown>): Partial<Row> {
  const out: Record<string, unknown> = {};
  for (const a of PERSON_ATTRIBUTES) if (values[a.key] !== undefined) out[a.column] = values[a.key];
  return out as Partial<Row>;
}

/**
 * Write reconciled values into people rows: insert new people, update only what differs. A name is
 * required, so a person no source names yet is called by their e-mail or employee id. An e-mail that
 * already belongs to another person is left out rather than failing the batch.
 */
/** Columns that are never null. */
const REQUIRED = new Set(['name', 'status']);

export async function writeObservedPeople(
  trx: Transaction<DB>,
  tenantId: string,
  now: string,
  writes: readonly ObservedPersonWrite[],
): Promise<PersonWriteResult[]> {
  const current = new Map<string, Row>();
  const ids = writes.map((w) => w.id);
  const emails = [...new Set(writes.map((w) => w.values.email).filter((e) => typeof e === 'string'))];
  const emailOwner = new Map<string, string>();
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
    for (const r of await trx
      .selectFrom('people')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', ids.slice(i, i + IDS_PER_STATEMENT))
      .execute())
      current.set(r.id, r);
  }
  for (let i = 0; i < emails.length; i += IDS_PER_STATEMENT) {
    for (const r of await trx
      .selectFrom('people')
      .select(['id', 'email'])
      .where('tenant_id', '=', tenantId)
      .where('email', 'in', emails.slice(i, i + IDS_PER_STATEMENT))
      .execute())
      if (r.email) emailOwner.set(r.email, r.id);
  }
  const results: PersonWriteResult[] = [];
  for (const w of writes) {
    const values = { ...w.values };
    const email = values.email;
    if (typeof email === 'string' && (emailOwner.get(email) ?? w.id) !== w.id) delete values.email;
    if (typeof values.email === 'string') emailOwner.set(values.email, w.id);
    const row = current.get(w.id);
    if (!row) {
      if (!w.create) continue;
      const name = values.name ?? values.email ?? values.employeeId ?? 'Unnamed person';
      const inserted: Row = {
        ...emptyPersonRow(w.id, tenantId, now),
        status: 'active',
        ...columnsOf(values),
        name: String(name),
      };
      await trx.insertInto('people').values(inserted).execute();
      results.push({ id: w.id, created: true, before: null, after: attributesOf(inserted) });
      continue;
    }
    const was = attributesOf(row);
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) {
      // A person always has a name and a status: no source ceasing to report one empties it.
      if (!(key in was) || was[key] === value || (REQUIRED.has(key) && value === null)) continue;
      before[key] = was[key];
      after[key] = value;
    }
    if (Object.keys(after).length === 0) continue;
    await trx
      .updateTable('people')
      .set({ ...columnsOf(after), updated_at: now })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', w.id)
      .execute();
    results.push({ id: w.id, created: false, before, after });
  }
  const custom = await writeObservedCustomValues(trx, tenantId, 'person', writes);
  const byId = new Map(results.map((r) => [r.id, r]));
  for (const [id, diff] of custom) {
    const r = byId.get(id);
    if (r) {
      r.before = r.before ? { ...r.before, ...diff.before } : null;
      r.after = { ...r.after, ...diff.after };
    } else results.push({ id, created: false, before: diff.before, after: diff.after });
  }
  return results;
}
