import type { Selectable } from 'kysely';
import { errors } from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import {
  fromJson,
  inTransaction,
  isUniqueViolation,
  iso,
  toJson,
  type WorkflowsTable,
} from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import type { ConnectorDeps } from '../connectors/index.js';
import { checkDefinition, storedDefinition } from './definition.check.js';
import { ENTITY_TRIGGERS, scheduleTriggerScan } from './engine/trigger.scan.js';
import { armSchedule } from './engine/trigger.schedule.js';
import { queueDateScan } from './engine/trigger.dates.js';
import type { Trigger, WorkflowDefinition } from './definition.schemas.js';
import {
  dropWebhookSecret,
  newWebhookSecret,
  storeWebhookSecret,
  type WebhookDeps,
  type WebhookSecret,
} from './webhooks.service.js';
import type { WorkflowSummary, WorkflowVersionView, WorkflowView } from './workflows.schemas.js';

export type WorkflowDeps = Pick<ConnectorDeps, 'db' | 'clock'>;
/** Saving may make a webhook secret (vault) and arm a schedule or date scan (queue). */
export type SaveWorkflowDeps = WebhookDeps & Pick<ConnectorDeps, 'queue' | 'wake'>;
/** A saved workflow; `webhook` only when a secret was made by this save (the one time it is shown). */
export type SavedWorkflowView = WorkflowView & { webhook?: WebhookSecret };
type WorkflowRow = Selectable<WorkflowsTable>;

function summary(row: WorkflowRow): WorkflowSummary {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled === 1,
    version: row.current_version,
    triggerType: row.trigger_type,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function requireWorkflow(deps: WorkflowDeps, tenantId: string, id: string): Promise<WorkflowRow> {
  const row = await deps.db
    .selectFrom('workflows')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw errors.notFound(`Workflow ${id}`);
  return row;
}

async function definitionAt(
  deps: WorkflowDeps,
  row: WorkflowRow,
  version: number,
): Promise<WorkflowVersionView> {
  const v = await deps.db
    .selectFrom('workflow_versions')
    .selectAll()
    .where('workflow_id', '=', row.id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!v) throw errors.notFound(`Version ${version} of workflow ${row.id}`);
  return {
    version: v.version,
    createdAt: v.created_at,
    createdBy: fromJson(v.created_by),
    definition: storedDefinition(v.definition),
  };
}

const nameTaken = (name: string) =>
  errors.conflict(`There is already a workflow named "${name}".`, [
    { path: 'body.name', reason: 'already used' },
  ]);

export async function listWorkflows(deps: WorkflowDeps, ctx: RequestContext): Promise<WorkflowSummary[]> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const rows = await deps.db
    .selectFrom('workflows')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('name_key')
    .execute();
  return rows.map(summary);
}

export async function getWorkflow(
  deps: WorkflowDeps,
  ctx: RequestContext,
  id: string,
): Promise<WorkflowView> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const row = await requireWorkflow(deps, tenantId, id);
  return { ...summary(row), definition: (await definitionAt(deps, row, row.current_version)).definition };
}

export async function getWorkflowVersion(
  deps: WorkflowDeps,
  ctx: RequestContext,
  id: string,
  version: number,
): Promise<WorkflowVersionView> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  return definitionAt(deps, await requireWorkflow(deps, tenantId, id), version);
}

export async function listWorkflowVersions(
  deps: WorkflowDeps,
  ctx: RequestContext,
  id: string,
): Promise<WorkflowVersionView[]> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const row = await requireWorkflow(deps, tenantId, id);
  const versions = await deps.db
    .selectFrom('workflow_versions')
    .selectAll()
    .where('workflow_id', '=', row.id)
    .orderBy('version', 'desc')
    .execute();
  return versions.map((v) => ({
    version: v.version,
    createdAt: v.created_at,
    createdBy: fromJson(v.created_by),
    definition: storedDefinition(v.definition),
  }));
}

/** Saves a definition as version 1 of a new workflow (disabled until enabled). Needs admin. */
export async function createWorkflow(
  deps: WebhookDeps,
  ctx: RequestContext,
  raw: unknown,
): Promise<SavedWorkflowView> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  const definition = checkDefinition(raw, 'body');
  const now = iso(deps.clock.now());
  const id = newId();
  const webhook =
    definition.trigger.type === 'webhook' ? await newWebhookSecret(deps, tenantId, id) : undefined;
  const row: WorkflowRow = {
    id,
    tenant_id: tenantId,
    name: definition.name,
    name_key: definition.name.toLowerCase(),
    enabled: 0,
    current_version: 1,
    trigger_type: definition.trigger.type,
    created_at: now,
    updated_at: now,
  };
  try {
    await inTransaction(deps.db, async (trx) => {
      await trx.insertInto('workflows').values(row).execute();
      await trx
        .insertInto('workflow_versions')
        .values(versionRow(ctx, row.id, 1, definition, now))
        .execute();
      if (webhook) await storeWebhookSecret(trx, tenantId, id, webhook.sealed, now);
      await recordAudit(
        trx,
        auditFrom(ctx, {
          action: 'workflow.created',
          target: { type: 'workflow', id: row.id },
          after: { name: definition.name, version: 1 },
        }),
        deps.clock,
      );
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(definition.name);
    throw e;
  }
  return { ...summary(row), definition, ...(webhook ? { webhook: webhook.shown } : {}) };
}

function versionRow(
  ctx: RequestContext,
  id: string,
  version: number,
  definition: WorkflowDefinition,
  now: string,
) {
  return {
    workflow_id: id,
    version,
    tenant_id: ctx.principal.tenantId,
    definition: toJson(definition),
    created_by: toJson(ctx.principal.actor),
    created_at: now,
  };
}

/** Saves a new version; runs already started keep theirs. Needs admin. */
export async function saveWorkflowVersion(
  deps: SaveWorkflowDeps,
  ctx: RequestContext,
  id: string,
  raw: unknown,
): Promise<SavedWorkflowView> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  const definition = checkDefinition(raw, 'body');
  const now = iso(deps.clock.now());
  // Sealed before the transaction (the vault writes a tenant's first data key itself); used only when
  // the trigger becomes a webhook with this save.
  const candidate =
    definition.trigger.type === 'webhook' ? await newWebhookSecret(deps, tenantId, id) : undefined;
  let webhook: WebhookSecret | undefined;
  try {
    const row = await inTransaction(deps.db, async (trx) => {
      const before = await requireWorkflow({ ...deps, db: trx }, tenantId, id);
      const version = before.current_version + 1;
      const after: WorkflowRow = {
        ...before,
        name: definition.name,
        name_key: definition.name.toLowerCase(),
        current_version: version,
        trigger_type: definition.trigger.type,
        updated_at: now,
      };
      // The version bump is conditional, so two concurrent saves cannot both become version N+1.
      const updated = await trx
        .updateTable('workflows')
        .set({
          name: after.name,
          name_key: after.name_key,
          current_version: version,
          trigger_type: after.trigger_type,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('current_version', '=', before.current_version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1)
        throw errors.conflict('The workflow was saved by someone else meanwhile; reload it.');
      await trx
        .insertInto('workflow_versions')
        .values(versionRow(ctx, id, version, definition, now))
        .execute();
      if (candidate && before.trigger_type !== 'webhook') {
        await storeWebhookSecret(trx, tenantId, id, candidate.sealed, now);
        webhook = candidate.shown;
      }
      if (!candidate && before.trigger_type === 'webhook') await dropWebhookSecret(trx, id);
      await recordAudit(
        trx,
        auditFrom(ctx, {
          action: 'workflow.updated',
          target: { type: 'workflow', id },
          before: { name: before.name, version: before.current_version },
          after: { name: after.name, version },
        }),
        deps.clock,
      );
      return after;
    });
    if (row.enabled === 1) await armTrigger(deps, tenantId, id, definition.trigger);
    return { ...summary(row), definition, ...(webhook ? { webhook } : {}) };
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(definition.name);
    throw e;
  }
}

export async function setWorkflowEnabled(
  deps: WorkflowDeps & Pick<ConnectorDeps, 'queue' | 'wake'>,
  ctx: RequestContext,
  id: string,
  enabled: boolean,
): Promise<WorkflowView> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  const row = await requireWorkflow(deps, tenantId, id);
  const now = iso(deps.clock.now());
  await deps.db
    .updateTable('workflows')
    .set({ enabled: enabled ? 1 : 0, updated_at: now })
    .where('id', '=', id)
    .execute();
  // Entity triggers are served by a per-tenant scan of the audit log; make sure one is running.
  if (enabled && ENTITY_TRIGGERS.includes(row.trigger_type)) {
    await scheduleTriggerScan(deps, tenantId, { kind: 'nudge' });
    // The poll chain (one per tenant: polls share their tick's key) backs up nudges that go missing.
    await scheduleTriggerScan(deps, tenantId, { kind: 'poll' });
    deps.wake?.();
  }
  if (enabled)
    await armTrigger(
      deps,
      tenantId,
      id,
      (await definitionAt(deps, row, row.current_version)).definition.trigger,
    );
  await recordAudit(
    deps.db,
    auditFrom(ctx, {
      action: enabled ? 'workflow.enabled' : 'workflow.disabled',
      target: { type: 'workflow', id },
    }),
    deps.clock,
  );
  return getWorkflow(deps, ctx, row.id);
}

/** Schedules and date triggers are durable jobs per workflow: arm them when it is enabled or saved. */
async function armTrigger(
  deps: Pick<ConnectorDeps, 'queue' | 'clock' | 'wake'>,
  tenantId: string,
  id: string,
  trigger: Trigger,
): Promise<void> {
  if (trigger.type === 'schedule') await armSchedule(deps, tenantId, id, trigger, deps.clock.now());
  else if (trigger.type === 'date_approaching') await queueDateScan(deps, tenantId, id, 'now');
  else return;
  deps.wake?.();
}

export async function deleteWorkflow(deps: WorkflowDeps, ctx: RequestContext, id: string): Promise<void> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  const row = await requireWorkflow(deps, tenantId, id);
  await inTransaction(deps.db, async (trx) => {
    await trx.deleteFrom('workflow_versions').where('workflow_id', '=', id).execute();
    await trx.deleteFrom('workflows').where('id', '=', id).execute();
    await recordAudit(
      trx,
      auditFrom(ctx, {
        action: 'workflow.deleted',
        target: { type: 'workflow', id },
        before: { name: row.name },
      }),
      deps.clock,
    );
  });
}
