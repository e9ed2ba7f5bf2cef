import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ActorType } from '@steward/domain';
import { fromJson, type AuditEventsTable, type DB } from '../../platform/db/index.js';
import type { AuditEvent, AuditQuery } from './audit.schemas.js';
import type { Changes } from './diff.js';

type Db = Kysely<DB> | Transaction<DB>;

export async function insertAuditEvent(db: Db, row: Selectable<AuditEventsTable>): Promise<void> {
  await db.insertInto('audit_events').values(row).execute();
}

export async function insertAuditEvents(db: Db, rows: Selectable<AuditEventsTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('audit_events').values(rows).execute();
}

function toEvent(row: Selectable<AuditEventsTable>): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    actor: { type: row.actor_type as ActorType, id: row.actor_id, name: row.actor_name },
    action: row.action,
    target: { type: row.target_type, id: row.target_id },
    changes: fromJson<Changes>(row.changes) ?? {},
    requestId: row.request_id,
    reason: row.reason,
  };
}

/** Newest first, keyset-paged on the time-ordered id. */
export async function queryAuditEvents(
  db: Db,
  tenantId: string,
  q: AuditQuery,
  beforeId: string | undefined,
): Promise<AuditEvent[]> {
  let query = db.selectFrom('audit_events').selectAll().where('tenant_id', '=', tenantId);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.actorType) query = query.where('actor_type', '=', q.actorType);
  if (q.actorId) query = query.where('actor_id', '=', q.actorId);
  if (q.targetType) query = query.where('target_type', '=', q.targetType);
  if (q.targetId) query = query.where('target_id', '=', q.targetId);
  if (q.since) query = query.where('at', '>=', new Date(q.since).toISOString());
  if (q.until) query = query.where('at', '<', new Date(q.until).toISOString());
  if (beforeId) query = query.where('id', '<', beforeId);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
  return rows.map(toEvent);
}
