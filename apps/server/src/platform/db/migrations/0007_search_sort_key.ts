import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../store.js';

/**
 * Free text on a broad prefix ("will", "robe") matches tens of thousands of tokens at a million assets.
 * Each token row now carries its asset's updated_at, so the default sort (updatedAt) can order the
 * matches from the token index alone and fetch only the page. A (tenant, entity, token) index lets a
 * query walking a sort index check "does this asset have a token with this prefix" in one probe.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('search_tokens').addColumn('sort_updated_at', 'text').execute();
  await sql`UPDATE search_tokens SET sort_updated_at = (
    SELECT assets.updated_at FROM assets
    WHERE assets.id = search_tokens.entity_id AND assets.tenant_id = search_tokens.tenant_id
  )`.execute(db);
  await db.schema
    .createIndex('search_tokens_sort')
    .on('search_tokens')
    .columns(['tenant_id', 'token', 'sort_updated_at', 'entity_id'])
    .execute();
  await db.schema.dropIndex('search_tokens_entity').execute();
  await db.schema
    .createIndex('search_tokens_entity')
    .on('search_tokens')
    .columns(['tenant_id', 'entity_id', 'token'])
    .execute();
}
