import type { Kysely } from 'kysely';
import type { Dialect } from '../store.js';

/**
 * The ingestion pipeline: registered sources, their sync runs, the latest record per source key, the
 * identifier index identification matches on, each entity's provenance and conflicts, the review queue
 * for ambiguous matches, merges (kept so they can be undone) and per-tenant ingestion settings.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('stale_after_days', 'integer')
    .addColumn('missing_grace_hours', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_seen_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sources_key').on('sources').columns(['tenant_id', 'key']).unique().execute();

  await db.schema
    .createTable('sync_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id').onDelete('cascade'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('counts', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sync_runs_source')
    .on('sync_runs')
    .columns(['tenant_id', 'source_id', 'started_at'])
    .execute();

  await db.schema
    .createTable('source_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id').onDelete('cascade'))
    .addColumn('record_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    // Null while the record waits in the review queue.
    .addColumn('entity_id', 'text')
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('observed_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_sync_id', 'text')
    .addColumn('missing_since', 'text')
    .addColumn('identifiers', 'text', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('source_records_key')
    .on('source_records')
    .columns(['tenant_id', 'source_id', 'record_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('source_records_entity')
    .on('source_records')
    .columns(['tenant_id', 'entity_id'])
    .execute();
  await db.schema
    .createIndex('source_records_sync')
    .on('source_records')
    .columns(['tenant_id', 'source_id', 'last_sync_id'])
    .execute();

  // One row per identifying value per record: a record leaving an entity takes its keys with it.
  await db.schema
    .createTable('entity_identifiers')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('entity_identifiers_pk', [
      'tenant_id',
      'entity_type',
      'type',
      'value',
      'record_id',
    ])
    .execute();
  await db.schema
    .createIndex('entity_identifiers_record')
    .on('entity_identifiers')
    .columns(['record_id'])
    .execute();
  await db.schema
    .createIndex('entity_identifiers_entity')
    .on('entity_identifiers')
    .columns(['tenant_id', 'entity_id'])
    .execute();

  await db.schema
    .createTable('entity_twins')
    .addColumn('entity_id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    // The attributes some record speaks for (one losing its last record is cleared) and those sources
    // disagree on; values and provenance are derived from the records on read.
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('conflicts', 'text', (c) => c.notNull())
    .addColumn('conflict_count', 'integer', (c) => c.notNull())
    .addColumn('orphaned', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('entity_twins_conflicts')
    .on('entity_twins')
    .columns(['tenant_id', 'conflict_count', 'entity_id'])
    .execute();
  await db.schema
    .createIndex('entity_twins_orphaned')
    .on('entity_twins')
    .columns(['tenant_id', 'orphaned', 'entity_id'])
    .execute();

  await db.schema
    .createTable('review_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('candidates', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text')
    .execute();
  await db.schema
    .createIndex('review_items_status')
    .on('review_items')
    .columns(['tenant_id', 'status', 'created_at', 'id'])
    .execute();
  await db.schema.createIndex('review_items_record').on('review_items').columns(['record_id']).execute();

  await db.schema
    .createTable('entity_merges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('survivor_id', 'text', (c) => c.notNull())
    .addColumn('merged_id', 'text', (c) => c.notNull())
    // What undo needs: the merged entity's row as it was and the records moved from it.
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('merged_at', 'text', (c) => c.notNull())
    .addColumn('merged_by', 'text', (c) => c.notNull())
    .addColumn('undone_at', 'text')
    .execute();
  await db.schema
    .createIndex('entity_merges_survivor')
    .on('entity_merges')
    .columns(['tenant_id', 'survivor_id'])
    .execute();

  await db.schema
    .createTable('ingestion_settings')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
    .addColumn('precedence', 'text', (c) => c.notNull())
    .addColumn('identification', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
