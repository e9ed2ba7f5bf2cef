import type { Kysely } from 'kysely';
import { z } from 'zod';
import { StewardError } from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import type { DB } from '../../platform/db/index.js';
import type { ConnectorDeps } from './deps.js';
import type { InstanceRow } from './instances.repo.js';

/** The record key a source knows an entity by, or undefined when it reports no live record of it. */
export async function recordKeyFor(
  db: Kysely<DB>,
  instance: Pick<InstanceRow, 'tenant_id' | 'source_id'>,
  entityId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('source_records')
    .select('record_key')
    .where('tenant_id', '=', instance.tenant_id)
    .where('source_id', '=', instance.source_id)
    .where('entity_id', '=', entityId)
    .where('missing_since', 'is', null)
    .orderBy('last_seen_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.record_key;
}

/** Fills the action's target field from the entity's record in the instance's source. */
export async function resolveTarget(
  db: Kysely<DB>,
  instance: InstanceRow,
  target: { field: string } | undefined,
  request: { input: Record<string, unknown>; target?: { type: string; id: string } | undefined },
): Promise<Record<string, unknown>> {
  if (!target || !request.target || request.input[target.field] !== undefined) return request.input;
  const key = await recordKeyFor(db, instance, request.target.id);
  if (!key) throw notInSource(instance.name, request.target.type, 'body.target.id');
  return { ...request.input, [target.field]: key };
}

export const entityActionsSchema = z
  .object({
    instanceId: z.string(),
    instanceName: z.string(),
    connectorId: z.string(),
    connectorTitle: z.string(),
    recordKey: z.string().describe('What the source calls this entity'),
    actions: z.array(
      z.object({
        name: z.string(),
        title: z.string(),
        description: z.string().nullable(),
        destructive: z.boolean(),
        reversible: z.boolean(),
        targetField: z.string().describe('Filled from recordKey; the form leaves it out'),
        inputSchema: z.record(z.string(), z.unknown()),
      }),
    ),
  })
  .meta({ id: 'EntityConnectorActions' });
export type EntityActions = z.infer<typeof entityActionsSchema>;

/** For an asset or person page: every instance that reports the entity, with the actions it can run on it. */
export async function actionsForEntity(
  deps: ConnectorDeps,
  ctx: RequestContext,
  entityId: string,
): Promise<EntityActions[]> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const rows = await deps.db
    .selectFrom('source_records')
    .innerJoin('connector_instances', 'connector_instances.source_id', 'source_records.source_id')
    .select([
      'connector_instances.id as instanceId',
      'connector_instances.name as instanceName',
      'connector_instances.connector_id as connectorId',
      'source_records.record_key as recordKey',
      'source_records.kind as kind',
    ])
    .where('source_records.tenant_id', '=', tenantId)
    .where('connector_instances.tenant_id', '=', tenantId)
    .where('source_records.entity_id', '=', entityId)
    .where('source_records.missing_since', 'is', null)
    .orderBy('connector_instances.name')
    .execute();
  const entries = deps.catalog.list();
  const out: EntityActions[] = [];
  for (const row of rows) {
    const connector = deps.catalog.get(row.connectorId);
    const entry = entries.find((e) => e.id === row.connectorId);
    if (!connector || !entry) continue;
    const actions = Object.entries(connector.actions).flatMap(([name, a]) => {
      if (!a.target || a.target.kind !== row.kind) return [];
      const schema = entry.actions.find((x) => x.name === name)?.inputSchema ?? {};
      return [
        {
          name,
          title: a.title,
          description: a.description ?? null,
          destructive: a.destructive,
          reversible: a.reversible,
          targetField: a.target.field,
          inputSchema: schema,
        },
      ];
    });
    if (actions.length > 0)
      out.push({
        instanceId: row.instanceId,
        instanceName: row.instanceName,
        connectorId: row.connectorId,
        connectorTitle: connector.title,
        recordKey: row.recordKey,
        actions,
      });
  }
  return out;
}

/** The entity is not one the instance reports: a 400 with its own code, so a caller can tell it apart. */
export function notInSource(instanceName: string, kind: string, path: string): StewardError {
  return new StewardError('not_in_source', 400, `${instanceName} has no record of this ${kind}.`, [
    { path, reason: `not reported by ${instanceName}` },
  ]);
}
