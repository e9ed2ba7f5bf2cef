import type { Kysely } from 'kysely';
import type { Dialect } from '../store.js';

/**
 * Asset tags are unique per tenant in the database itself, not only by a check before the write: two
 * writers racing on one tag (an import and an operator, say) cannot both win. NULL tags stay allowed.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createIndex('assets_asset_tag_unique')
    .on('assets')
    .columns(['tenant_id', 'asset_tag'])
    .unique()
    .execute();
}
