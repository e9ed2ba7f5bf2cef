import { errors, type ErrorDetail } from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import { inTransaction, isUniqueViolation, iso, toJson } from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import { createSource } from '../ingestion/index.js';
import { sourceTypeOf, type AnyConnector } from './catalog.js';
import type { ConnectorDeps } from './deps.js';
import {
  lastRunOf,
  requireInstance,
  sourceKeyOf,
  toInstanceView,
  type InstanceRow,
} from './instances.repo.js';
import type { CreateInstanceInput, InstanceView, UpdateInstanceInput } from './instances.schemas.js';
import { checkSchedule } from './schedule.js';
import { scheduleNextSync } from './schedule.job.js';
import { checkSecrets, sealSecrets } from './secrets.js';

function parseConfig(connector: AnyConnector, raw: unknown): unknown {
  const parsed = connector.configSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const details: ErrorDetail[] = parsed.error.issues.map((i) => ({
    path: ['body', 'config', ...i.path.map(String)].join('.'),
    reason: i.message,
  }));
  throw errors.validation(`The configuration for ${connector.title} is not valid.`, details);
}

function slug(name: string, fallback: string): string {
  const s = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|-+$/g, '')
    .slice(0, 64);
  return s || fallback;
}

async function view(deps: ConnectorDeps, row: InstanceRow): Promise<InstanceView> {
  const [sourceKey, lastRun] = await Promise.all([
    sourceKeyOf(deps.db, row.source_id),
    lastRunOf(deps.db, row.tenant_id, row.id),
  ]);
  return toInstanceView(row, sourceKey, deps.catalog, lastRun, deps.clock.now());
}

const nameTaken = (name: string) =>
  errors.conflict(`A connector instance named "${name}" already exists.`, [
    { path: 'body.name', reason: 'already in use' },
  ]);

export async function createInstance(
  deps: ConnectorDeps,
  ctx: RequestContext,
  input: CreateInstanceInput,
): Promise<InstanceView> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  const connector = deps.catalog.require(input.connectorId);
  const config = parseConfig(connector, input.config);
  checkSecrets(connector, input.secrets, true);
  const timeZone = input.timeZone ?? 'UTC';
  checkSchedule(input.schedule, timeZone);
  const id = newId();
  const now = iso(deps.clock.now());
  const secrets = await sealSecrets(deps, tenantId, id, input.secrets);
  const sourceKey = input.sourceKey ?? slug(input.name, connector.id);
  const row = await inTransaction(deps.db, async (trx) => {
    const taken = await trx
      .selectFrom('sources')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('key', '=', sourceKey)
      .executeTakeFirst();
    if (taken)
      throw errors.conflict(`The source key "${sourceKey}" is already in use.`, [
        {
          path: input.sourceKey ? 'body.sourceKey' : 'body.name',
          reason: 'its source key is taken; choose another name or give sourceKey',
        },
      ]);
    const source = await createSource({ db: trx, clock: deps.clock }, ctx, {
      key: sourceKey,
      name: input.name,
      type: sourceTypeOf(connector),
    });
    const inserted: InstanceRow = {
      id,
      tenant_id: tenantId,
      connector_id: connector.id,
      name: input.name,
      source_id: source.id,
      config: toJson(config),
      secrets,
      schedule: input.schedule ?? null,
      time_zone: timeZone,
      enabled: input.enabled === false ? 0 : 1,
      stream_state: toJson({}),
      created_at: now,
      updated_at: now,
    };
    await trx
      .insertInto('connector_instances')
      .values(inserted)
      .execute()
      .catch((e: unknown) => {
        throw isUniqueViolation(e) ? nameTaken(input.name) : e;
      });
    await scheduleNextSync(deps, trx, inserted, deps.clock.now());
    return inserted;
  });
  const result = await view(deps, row);
  await recordAudit(
    deps.db,
    auditFrom(ctx, {
      action: 'connector.instance.created',
      target: { type: 'connector_instance', id },
      after: result,
    }),
    deps.clock,
  );
  return result;
}

export async function listInstances(deps: ConnectorDeps, ctx: RequestContext): Promise<InstanceView[]> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const rows = await deps.db
    .selectFrom('connector_instances')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('name')
    .execute();
  return Promise.all(rows.map((r) => view(deps, r)));
}

export async function getInstance(
  deps: ConnectorDeps,
  ctx: RequestContext,
  id: string,
): Promise<InstanceView> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  return view(deps, await requireInstance(deps.db, tenantId, id));
}

export async function updateInstance(
  deps: ConnectorDeps,
  ctx: RequestContext,
  id: string,
  input: UpdateInstanceInput,
): Promise<InstanceView> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  const before = await requireInstance(deps.db, tenantId, id);
  const connector = deps.catalog.require(before.connector_id, 'params.id');
  const config = input.config === undefined ? undefined : parseConfig(connector, input.config);
  if (input.secrets) checkSecrets(connector, input.secrets, false);
  const schedule = input.schedule === undefined ? before.schedule : input.schedule;
  const timeZone = input.timeZone ?? before.time_zone;
  checkSchedule(schedule, timeZone);
  const secrets = input.secrets
    ? await sealSecrets(deps, tenantId, id, input.secrets, before.secrets)
    : before.secrets;
  const after: InstanceRow = {
    ...before,
    name: input.name ?? before.name,
    config: config === undefined ? before.config : toJson(config),
    secrets,
    schedule,
    time_zone: timeZone,
    enabled: input.enabled === undefined ? before.enabled : input.enabled ? 1 : 0,
    updated_at: iso(deps.clock.now()),
  };
  await inTransaction(deps.db, async (trx) => {
    await trx
      .updateTable('connector_instances')
      .set({
        name: after.name,
        config: after.config,
        secrets: after.secrets,
        schedule: after.schedule,
        time_zone: after.time_zone,
        enabled: after.enabled,
        updated_at: after.updated_at,
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute()
      .catch((e: unknown) => {
        throw isUniqueViolation(e) ? nameTaken(after.name) : e;
      });
    await scheduleNextSync(deps, trx, after, deps.clock.now());
  });
  const result = await view(deps, after);
  await recordAudit(
    deps.db,
    auditFrom(ctx, {
      action: 'connector.instance.updated',
      target: { type: 'connector_instance', id },
      // Which secrets changed is worth knowing; their values never enter the audit log.
      after: { ...result, secretsChanged: Object.keys(input.secrets ?? {}) },
    }),
    deps.clock,
  );
  return result;
}

/** Removes the instance and its run history; what it reported stays (its source and records remain). */
export async function deleteInstance(deps: ConnectorDeps, ctx: RequestContext, id: string): Promise<void> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  const before = await requireInstance(deps.db, tenantId, id);
  await inTransaction(deps.db, async (trx) => {
    await trx
      .deleteFrom('connector_instances')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
    await recordAudit(
      trx,
      auditFrom(ctx, {
        action: 'connector.instance.deleted',
        target: { type: 'connector_instance', id },
        before: { id, name: before.name, connectorId: before.connector_id },
      }),
      deps.clock,
    );
  });
}
