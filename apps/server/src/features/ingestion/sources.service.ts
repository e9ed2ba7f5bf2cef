import type { Kysely, Transaction } from 'kysely';
import { errors } from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import { inTransaction, isUniqueViolation, iso, type Clock, type DB } from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import { findSourceByKey, listSourceRows, toSourceView, type SourceRow } from './sources.repo.js';
import type { CreateSourceInput, SourceView, UpdateSourceInput } from './sources.schemas.js';

export interface SourceDeps {
  db: Kysely<DB>;
  clock: Clock;
}

export async function createSource(
  deps: SourceDeps,
  ctx: RequestContext,
  input: CreateSourceInput,
): Promise<SourceView> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  const now = iso(deps.clock.now());
  const row: SourceRow = {
    id: newId(),
    tenant_id: tenantId,
    key: input.key,
    name: input.name,
    type: input.type,
    stale_after_days: input.staleAfterDays ?? null,
    missing_grace_hours: input.missingGraceHours ?? 0,
    last_seen_at: null,
    created_at: now,
    updated_at: now,
  };
  return inTransaction(deps.db, async (trx) => {
    await trx
      .insertInto('sources')
      .values(row)
      .execute()
      .catch((e: unknown) => {
        if (isUniqueViolation(e))
          throw errors.conflict(`A source with key ${input.key} already exists.`, [
            { path: 'body.key', reason: 'already in use' },
          ]);
        throw e;
      });
    const view = toSourceView(row);
    await recordAudit(
      trx,
      auditFrom(ctx, { action: 'source.created', target: { type: 'source', id: row.id }, after: view }),
      deps.clock,
    );
    return view;
  });
}

export async function listSources(deps: SourceDeps, ctx: RequestContext): Promise<SourceView[]> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  return (await listSourceRows(deps.db, tenantId)).map(toSourceView);
}

export async function requireSource(
  db: Kysely<DB> | Transaction<DB>,
  tenantId: string,
  key: string,
): Promise<SourceRow> {
  const row = await findSourceByKey(db, tenantId, key);
  if (!row) throw errors.notFound(`Source ${key}`);
  return row;
}

export async function getSource(deps: SourceDeps, ctx: RequestContext, key: string): Promise<SourceView> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  return toSourceView(await requireSource(deps.db, tenantId, key));
}

export async function updateSource(
  deps: SourceDeps,
  ctx: RequestContext,
  key: string,
  input: UpdateSourceInput,
): Promise<SourceView> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  return inTransaction(deps.db, async (trx) => {
    const row = await requireSource(trx, tenantId, key);
    const next: SourceRow = {
      ...row,
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.staleAfterDays !== undefined ? { stale_after_days: input.staleAfterDays } : {}),
      ...(input.missingGraceHours !== undefined ? { missing_grace_hours: input.missingGraceHours } : {}),
      updated_at: iso(deps.clock.now()),
    };
    await trx
      .updateTable('sources')
      .set({
        name: next.name,
        stale_after_days: next.stale_after_days,
        missing_grace_hours: next.missing_grace_hours,
        updated_at: next.updated_at,
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', row.id)
      .execute();
    const before = toSourceView(row);
    const after = toSourceView(next);
    await recordAudit(
      trx,
      auditFrom(ctx, { action: 'source.updated', target: { type: 'source', id: row.id }, before, after }),
      deps.clock,
    );
    return after;
  });
}
