import type { Kysely, Selectable, Transaction } from 'kysely';
import { errors } from '@steward/domain';
import {
  fromJson,
  type ConnectorInstancesTable,
  type ConnectorRunsTable,
  type DB,
} from '../../platform/db/index.js';
import type { ConnectorCatalog } from './catalog.js';
import type { InstanceView, RunView } from './instances.schemas.js';
import { nextFire } from './schedule.js';

export type InstanceRow = Selectable<ConnectorInstancesTable>;
export type RunRow = Selectable<ConnectorRunsTable>;
type Db = Kysely<DB> | Transaction<DB>;

export interface StreamState {
  checkpoint?: unknown;
  done: boolean;
  counts: Record<string, number>;
}

export function streamsOf(row: Pick<RunRow, 'streams'>): Record<string, StreamState> {
  return fromJson<Record<string, StreamState>>(row.streams) ?? {};
}

export function toRunView(row: RunRow): RunView {
  const finished = row.finished_at && row.started_at;
  return {
    id: row.id,
    instanceId: row.instance_id,
    trigger: row.trigger as RunView['trigger'],
    status: row.status as RunView['status'],
    counts: fromJson<Record<string, number>>(row.counts) ?? {},
    streams: Object.entries(streamsOf(row)).map(([name, s]) => ({ name, done: s.done, counts: s.counts })),
    error: row.error,
    attempts: Number(row.attempts),
    syncId: row.sync_id,
    queuedAt: row.queued_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: finished ? Date.parse(row.finished_at ?? '') - Date.parse(row.started_at ?? '') : null,
  };
}

export function toInstanceView(
  row: InstanceRow,
  sourceKey: string,
  catalog: ConnectorCatalog,
  lastRun: RunRow | undefined,
  now: Date,
): InstanceView {
  const connector = catalog.get(row.connector_id);
  const stored = fromJson<Record<string, string>>(row.secrets) ?? {};
  const keys = connector ? connector.auth.secrets.map((s) => s.key) : Object.keys(stored);
  return {
    id: row.id,
    connectorId: row.connector_id,
    connectorTitle: connector?.title ?? row.connector_id,
    category: connector?.category ?? 'generic',
    name: row.name,
    sourceKey,
    config: fromJson<Record<string, unknown>>(row.config) ?? {},
    secrets: Object.fromEntries(keys.map((k) => [k, { set: Boolean(stored[k]) }])),
    schedule: row.schedule,
    timeZone: row.time_zone,
    enabled: Boolean(Number(row.enabled)),
    nextSyncAt:
      Number(row.enabled) && row.schedule
        ? (nextFire(row.schedule, row.time_zone, now)?.toISOString() ?? null)
        : null,
    lastRun: lastRun ? toRunView(lastRun) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function requireInstance(db: Db, tenantId: string, id: string): Promise<InstanceRow> {
  const row = await db
    .selectFrom('connector_instances')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw errors.notFound(`Connector instance ${id}`);
  return row;
}

export async function sourceKeyOf(db: Db, sourceId: string): Promise<string> {
  const row = await db
    .selectFrom('sources')
    .select('key')
    .where('id', '=', sourceId)
    .executeTakeFirstOrThrow();
  return row.key;
}

export async function lastRunOf(db: Db, tenantId: string, instanceId: string): Promise<RunRow | undefined> {
  return db
    .selectFrom('connector_runs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('instance_id', '=', instanceId)
    .orderBy('queued_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function activeRunOf(db: Db, tenantId: string, instanceId: string): Promise<RunRow | undefined> {
  return db
    .selectFrom('connector_runs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('instance_id', '=', instanceId)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
}
