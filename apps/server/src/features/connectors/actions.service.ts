import type { Selectable } from 'kysely';
import { errors } from '@steward/domain';
import { redact, type ActionResult } from '@steward/sdk';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import {
  fromJson,
  inTransaction,
  isUniqueViolation,
  iso,
  toJson,
  type ConnectorActionsTable,
} from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import { ingestObservations } from '../ingestion/index.js';
import type { ConnectorDeps } from './deps.js';
import { openInstance } from './instance.open.js';
import { requireInstance, sourceKeyOf } from './instances.repo.js';
import type { ActionExecutionView, ActionRequest } from './instances.schemas.js';
import { resolveTarget } from './targets.js';

type ActionRow = Selectable<ConnectorActionsTable>;

function toView(row: ActionRow, replayed: boolean): ActionExecutionView {
  const result = fromJson<ActionResult>(row.result);
  return {
    id: row.id,
    instanceId: row.instance_id,
    instanceName: row.instance_name,
    action: row.action,
    title: row.title,
    idempotencyKey: row.idempotency_key,
    status: row.status as ActionExecutionView['status'],
    externalId: result?.externalId ?? null,
    message: result?.message ?? null,
    error: row.error,
    target: row.target_type && row.target_id ? { type: row.target_type, id: row.target_id } : null,
    replayed,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/**
 * Claims an idempotency key. A key seen before answers with its first outcome — unless that outcome was a
 * failure, which a retry may try again (the vendor said no, so nothing happened twice). A dispatch still
 * in flight under the key is a conflict.
 */
export async function claimKey(
  deps: ConnectorDeps,
  claimed: ActionRow,
  options: { resume?: boolean } = {},
): Promise<{ id: string; replay?: undefined; resumingSince?: string } | { replay: ActionRow }> {
  try {
    await deps.db.insertInto('connector_actions').values(claimed).execute();
    return { id: claimed.id };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  const first = await deps.db
    .selectFrom('connector_actions')
    .selectAll()
    .where('tenant_id', '=', claimed.tenant_id)
    .where('idempotency_key', '=', claimed.idempotency_key)
    .executeTakeFirstOrThrow();
  if (first.instance_id !== claimed.instance_id || first.action !== claimed.action)
    throw errors.conflict('This idempotency key was used for another action.', [
      { path: 'body.idempotencyKey', reason: `already used for ${first.action}` },
    ]);
  // The caller holds the key alone (a workflow step's job lease): a running row is an attempt that died.
  if (first.status === 'running' && options.resume) return { id: first.id, resumingSince: first.created_at };
  if (first.status === 'running')
    throw errors.conflict('This action is still running under this idempotency key.', [
      { path: 'body.idempotencyKey', reason: 'in progress' },
    ]);
  if (first.status !== 'failed') return { replay: first };
  const retried = await deps.db
    .updateTable('connector_actions')
    .set({ status: 'running', error: null, finished_at: null, input: claimed.input })
    .where('id', '=', first.id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  if (Number(retried.numUpdatedRows) !== 1)
    throw errors.conflict('This action is being retried under this idempotency key.', [
      { path: 'body.idempotencyKey', reason: 'in progress' },
    ]);
  return { id: first.id };
}

/**
 * Dispatches one connector action. The idempotency key is claimed first (a unique row), so the same key
 * again — a double click, a retried request, a re-run workflow step — returns the first outcome and never
 * reaches the vendor twice. Destructive actions need an admin and `confirm: true`.
 */
export async function executeAction(
  deps: ConnectorDeps,
  ctx: RequestContext,
  instanceId: string,
  actionName: string,
  request: ActionRequest,
): Promise<ActionExecutionView> {
  const principal = authorize(ctx.principal, 'operator');
  const { tenantId } = principal;
  const row = await requireInstance(deps.db, tenantId, instanceId);
  const connector = deps.catalog.require(row.connector_id, 'params.id');
  const action = connector.actions[actionName];
  if (!action) throw errors.notFound(`Action "${actionName}" of ${connector.title}`);
  if (action.destructive) {
    authorize(ctx.principal, 'admin');
    if (request.confirm !== true)
      throw errors.validation(`"${action.title}" is destructive: confirm it.`, [
        { path: 'body.confirm', reason: 'must be true for a destructive action' },
      ]);
  }
  const input = await resolveTarget(deps.db, row, action.target, request);
  const parsed = action.inputSchema.safeParse(input);
  if (!parsed.success)
    throw errors.validation(`The input for "${action.title}" is not valid.`, [
      ...parsed.error.issues.map((i) => ({
        path: ['body', 'input', ...i.path.map(String)].join('.'),
        reason: i.message,
      })),
    ]);

  const key = request.idempotencyKey ?? newId();
  const claimed: ActionRow = {
    id: newId(),
    tenant_id: tenantId,
    instance_id: instanceId,
    action: actionName,
    idempotency_key: key,
    instance_name: row.name,
    title: action.title,
    target_type: request.target?.type ?? null,
    target_id: request.target?.id ?? null,
    input: toJson(input),
    status: 'running',
    result: null,
    error: null,
    actor: toJson(ctx.principal.actor),
    created_at: iso(deps.clock.now()),
    finished_at: null,
  };
  const claim = await claimKey(deps, claimed, { resume: request.resume });
  if (claim.replay) return toView(claim.replay, true);
  claimed.id = claim.id;

  let opened: Awaited<ReturnType<typeof openInstance>> | undefined;
  let done: ActionRow;
  try {
    opened = await openInstance(deps, row);
    const result = await opened.instance.executeAction(actionName, parsed.data, {
      idempotencyKey: key,
      ...(claim.resumingSince ? { resumingSince: claim.resumingSince } : {}),
    });
    if (result.observations?.length) {
      const source = await sourceKeyOf(deps.db, row.source_id);
      // The vendor has acted: failing to learn from its answer must not report the action as failed (a
      // retry would act again). The next sync brings the same facts.
      await ingestObservations(
        deps,
        ctx,
        result.observations.map((o) => ({ ...o, source })),
      ).catch((e: unknown) =>
        deps.log?.warn(
          { err: e, instanceId, action: actionName },
          'could not ingest what an action reported',
        ),
      );
    }
    const { observations: _fed, ...kept } = result;
    done = { ...claimed, status: result.status, result: toJson(kept), finished_at: iso(deps.clock.now()) };
  } catch (e) {
    const message = redact(e instanceof Error ? e.message : String(e), opened?.secretValues ?? []);
    done = {
      ...claimed,
      status: 'failed',
      error: message.slice(0, 2000),
      finished_at: iso(deps.clock.now()),
    };
  }
  const view = toView(done, false);
  // The outcome and its audit event commit together (one commit, not two, per action).
  await inTransaction(deps.db, async (trx) => {
    await trx
      .updateTable('connector_actions')
      .set({ status: done.status, result: done.result, error: done.error, finished_at: done.finished_at })
      .where('id', '=', claimed.id)
      .execute();
    await recordAudit(
      trx,
      auditFrom(ctx, {
        action: `connector.action.${done.status === 'failed' ? 'failed' : 'executed'}`,
        target: request.target ?? { type: 'connector_instance', id: instanceId },
        after: { ...view, connector: connector.id, instanceName: row.name },
      }),
      deps.clock,
    );
  });
  if (done.status === 'failed')
    throw errors.upstream(`${action.title} failed: ${done.error ?? 'unknown error'}`);
  return view;
}

export async function listActionExecutions(
  deps: ConnectorDeps,
  ctx: RequestContext,
  filter: { instanceId?: string; targetId?: string },
  limit: number,
): Promise<ActionExecutionView[]> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  let q = deps.db.selectFrom('connector_actions').selectAll().where('tenant_id', '=', tenantId);
  if (filter.instanceId) q = q.where('instance_id', '=', filter.instanceId);
  if (filter.targetId) q = q.where('target_id', '=', filter.targetId);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => toView(r, false));
}
