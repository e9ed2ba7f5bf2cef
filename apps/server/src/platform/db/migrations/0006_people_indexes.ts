import type { Kysely } from 'kysely';
import type { Dialect } from '../store.js';

/** Every filterable person attribute gets its (tenant, column, id) index, as asset attributes have. */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  for (const column of [
    'department',
    'title',
    'location_id',
    'legal_hold',
    'start_date',
    'end_date',
    'updated_at',
  ]) {
    await db.schema
      .createIndex(`people_${column}`)
      .on('people')
      .columns(['tenant_id', column, 'id'])
      .execute();
  }
}
