import type { Kysely } from 'kysely';
import type { Dialect } from '../store.js';

/** Attestation campaigns: every assignee re-confirms each asset they hold. */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  // Keys for links Steward signs (attestation links can be re-derived for reminders without storing them).
  await db.schema
    .createTable('signing_keys')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('attestation_campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('reminder_every_days', 'integer', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema
    .createIndex('attestation_campaigns_tenant')
    .on('attestation_campaigns')
    .columns(['tenant_id', 'id'])
    .execute();

  // One row per (campaign, person): the person's link covers every asset they hold.
  await db.schema
    .createTable('attestation_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text', (c) =>
      c.notNull().references('attestation_campaigns.id').onDelete('cascade'),
    )
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('responded_at', 'text')
    .addColumn('reminders_sent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_reminded_at', 'text')
    .execute();
  await db.schema
    .createIndex('attestation_requests_campaign')
    .on('attestation_requests')
    .columns(['campaign_id', 'responded_at'])
    .execute();

  await db.schema
    .createTable('attestation_items')
    .addColumn('request_id', 'text', (c) =>
      c.notNull().references('attestation_requests.id').onDelete('cascade'),
    )
    .addColumn('asset_id', 'text', (c) => c.notNull())
    .addColumn('response', 'text')
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('attestation_items_pk', ['request_id', 'asset_id'])
    .execute();
}
