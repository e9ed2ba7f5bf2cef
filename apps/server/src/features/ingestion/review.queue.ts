import type { Transaction } from 'kysely';
import type { IngestedEntityType } from '@steward/domain';
import { toJson, type DB } from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';

/** A record that matched several entities: queued for an admin with the evidence. */
export interface PendingReview {
  recordId: string;
  entityType: IngestedEntityType;
  rule: string;
  candidates: unknown;
}

/** Queue each record once: a record already waiting gets its evidence refreshed. */
export async function queueReviews(
  trx: Transaction<DB>,
  tenantId: string,
  reviews: readonly PendingReview[],
  now: string,
): Promise<void> {
  for (const r of reviews) {
    const candidates = toJson(r.candidates);
    const reason = `its ${r.rule} matches more than one ${r.entityType}`;
    const open = await trx
      .selectFrom('review_items')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('record_id', '=', r.recordId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (open) {
      await trx.updateTable('review_items').set({ candidates, reason }).where('id', '=', open.id).execute();
      continue;
    }
    await trx
      .insertInto('review_items')
      .values({
        id: newId(),
        tenant_id: tenantId,
        record_id: r.recordId,
        entity_type: r.entityType,
        reason,
        candidates,
        status: 'open',
        resolution: null,
        created_at: now,
        resolved_at: null,
        resolved_by: null,
      })
      .execute();
  }
}

/** Records that waited for review and now found their entity on their own: their items are closed. */
export async function supersedeReviews(
  trx: Transaction<DB>,
  tenantId: string,
  recordIds: readonly string[],
  now: string,
): Promise<void> {
  if (recordIds.length === 0) return;
  await trx
    .updateTable('review_items')
    .set({ status: 'superseded', resolved_at: now, resolution: toJson({ by: 'a later observation' }) })
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'open')
    .where('record_id', 'in', [...recordIds])
    .execute();
}
