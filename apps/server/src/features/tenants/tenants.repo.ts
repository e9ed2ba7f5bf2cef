import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/index.js';

type Db = Kysely<DB> | Transaction<DB>;

export function findTenantById(db: Db, id: string) {
  return db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findTenantBySlug(db: Db, slug: string) {
  return db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function insertTenant(
  db: Db,
  row: { id: string; slug: string; name: string; created_at: string },
) {
  await db.insertInto('tenants').values(row).execute();
}
