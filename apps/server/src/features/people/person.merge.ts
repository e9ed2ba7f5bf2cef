import type { Selectable, Transaction } from 'kysely';
import { StewardError } from '@steward/domain';
import { putBackCustomValues, takeCustomValues, type CustomValuesSnapshot } from '../custom-fields/index.js';
import type { DB, PeopleTable } from '../../platform/db/index.js';

export interface PersonSnapshot {
  row: Selectable<PeopleTable>;
  custom: CustomValuesSnapshot;
}

/** Snapshot and delete a person being merged away; refused while anything refers to them. */
export async function detachPersonForMerge(
  trx: Transaction<DB>,
  tenantId: string,
  row: Selectable<PeopleTable>,
): Promise<PersonSnapshot> {
  const refs: string[] = [];
  if (Number(row.legal_hold) === 1) refs.push('they are under legal hold');
  const holds = await trx
    .selectFrom('assets')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('assigned_person_id', '=', row.id)
    .executeTakeFirst();
  if (holds) refs.push('they hold assets');
  const history = await trx
    .selectFrom('assignments')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('person_id', '=', row.id)
    .executeTakeFirst();
  if (history) refs.push('they have assignment history');
  const reports = await trx
    .selectFrom('people')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('manager_id', '=', row.id)
    .executeTakeFirst();
  if (reports) refs.push('people report to them');
  if (refs.length)
    throw new StewardError(
      'merge_refused',
      409,
      `Person ${row.id} cannot be merged away: ${refs.join(', ')}. Keep them as the survivor instead.`,
      [{ path: 'body', reason: refs.join('; ') }],
    );
  const custom = await takeCustomValues(trx, tenantId, row.id);
  await trx.deleteFrom('people').where('tenant_id', '=', tenantId).where('id', '=', row.id).execute();
  return { row, custom };
}

export async function restoreMergedPerson(
  trx: Transaction<DB>,
  tenantId: string,
  s: PersonSnapshot,
): Promise<void> {
  await trx.insertInto('people').values(s.row).execute();
  await putBackCustomValues(trx, tenantId, s.row.id, s.custom);
}
