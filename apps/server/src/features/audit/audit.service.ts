import type { Kysely, Transaction } from 'kysely';
import { errors, type Actor } from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import { iso, systemClock, toJson, type Clock, type DB } from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';
import { insertAuditEvent, insertAuditEvents, queryAuditEvents } from './audit.repo.js';
import type { AuditEvent, AuditQuery } from './audit.schemas.js';
import { diff } from './diff.js';

export interface AuditInput {
  tenantId: string;
  actor: Actor;
  action: string;
  target: { type: string; id: string | null };
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  requestId?: string | null;
  /** Why, in the actor's words (a lifecycle transition's reason, say). */
  reason?: string | null;
}

/**
 * Append an audit event. Call it inside the same transaction as the mutation it describes, so the
 * event exists exactly when the change does.
 */
export async function recordAudit(
  db: Kysely<DB> | Transaction<DB>,
  input: AuditInput,
  clock: Clock = systemClock,
): Promise<void> {
  await insertAuditEvent(db, toRow(input, iso(clock.now())));
}

/** Append many audit events at once (a batch of ingested changes), in rows of at most 200 per statement. */
export async function recordAuditEvents(
  db: Kysely<DB> | Transaction<DB>,
  inputs: readonly AuditInput[],
  clock: Clock = systemClock,
): Promise<void> {
  const at = iso(clock.now());
  const rows = inputs.map((input) => toRow(input, at));
  for (let i = 0; i < rows.length; i += 200) await insertAuditEvents(db, rows.slice(i, i + 200));
}

function toRow(input: AuditInput, at: string) {
  return {
    id: newId(),
    tenant_id: input.tenantId,
    at,
    actor_type: input.actor.type,
    actor_id: input.actor.id,
    actor_name: input.actor.name,
    action: input.action,
    target_type: input.target.type,
    target_id: input.target.id,
    changes: toJson(diff(input.before ?? null, input.after ?? null)),
    request_id: input.requestId ?? null,
    reason: input.reason ?? null,
  };
}

/** Shorthand for a mutation made by the caller of a request. */
export function auditFrom(
  ctx: RequestContext,
  rest: Omit<AuditInput, 'tenantId' | 'actor' | 'requestId'>,
): AuditInput {
  return { tenantId: ctx.principal.tenantId, actor: ctx.principal.actor, requestId: ctx.requestId, ...rest };
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(id)) {
    throw errors.validation('The cursor is invalid.', [
      { path: 'query.cursor', reason: 'not a cursor from this API' },
    ]);
  }
  return id;
}

/** One entity's history (its timeline): readable by anyone who may read the entity. */
export async function entityTimeline(
  db: Kysely<DB>,
  ctx: RequestContext,
  target: { type: string; id: string },
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: AuditEvent[]; nextCursor: string | null }> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const q: AuditQuery = {
    targetType: target.type,
    targetId: target.id,
    limit: page.limit,
    cursor: page.cursor,
  };
  const rows = await queryAuditEvents(db, tenantId, q, page.cursor ? decodeCursor(page.cursor) : undefined);
  return paginate(rows, page.limit);
}

function paginate(rows: AuditEvent[], limit: number): { items: AuditEvent[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? Buffer.from(last.id).toString('base64url') : null,
  };
}

export async function listAudit(
  db: Kysely<DB>,
  ctx: RequestContext,
  q: AuditQuery,
): Promise<{ items: AuditEvent[]; nextCursor: string | null }> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  const rows = await queryAuditEvents(db, tenantId, q, q.cursor ? decodeCursor(q.cursor) : undefined);
  return paginate(rows, q.limit);
}
