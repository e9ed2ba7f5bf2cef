import type { Transaction } from 'kysely';
import type { Actor } from '@steward/domain';
import type { Bus } from '../../platform/bus/index.js';
import { afterCommit, type Clock, type DB } from '../../platform/db/index.js';
import { diff, recordAuditEvents, type AuditInput } from '../audit/index.js';
import type { RequestContext } from '../../platform/auth/index.js';
import type { SourceInfo } from './sources.repo.js';
import type { EntityChange } from './twin.js';

/** An observed change is the source's doing; an admin's own edit (source `manual`) is theirs. */
function actorFor(ctx: RequestContext, source: SourceInfo): Actor {
  if (source.type === 'manual') return ctx.principal.actor;
  return { type: 'connector', id: source.id, name: source.name };
}

/**
 * Every entity change becomes an audit event (in the same transaction) and, once committed, an event on
 * the bus carrying the attribute diff: `tenant.<id>.<asset|person>.<created|updated|flagged>`.
 */
export async function publishChanges(
  deps: { clock: Clock; bus: Bus },
  trx: Transaction<DB>,
  env: { tenantId: string; ctx: RequestContext },
  changes: readonly EntityChange[],
): Promise<void> {
  if (changes.length === 0) return;
  const audits: AuditInput[] = changes.map((c) => ({
    tenantId: env.tenantId,
    actor: actorFor(env.ctx, c.cause),
    action: `${c.entityType}.${c.action}`,
    target: { type: c.entityType, id: c.entityId },
    before: c.before,
    after: c.after,
    requestId: env.ctx.requestId,
    reason: c.reason ? `${c.reason} (source ${c.cause.key})` : `observed by source ${c.cause.key}`,
  }));
  await recordAuditEvents(trx, audits, deps.clock);
  await afterCommit(trx, async () => {
    for (const c of changes) {
      const idField = c.entityType === 'asset' ? 'assetId' : 'personId';
      await deps.bus.publish(`tenant.${env.tenantId}.${c.entityType}.${c.action}`, {
        [idField]: c.entityId,
        source: c.cause.key,
        changes: diff(c.before, c.after),
        ...(c.reason ? { reason: c.reason } : {}),
      });
    }
  });
}
