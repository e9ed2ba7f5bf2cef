import { errors, StewardError } from '@steward/domain';
import { splitCredential } from '@steward/protocol';
import type { Kysely } from 'kysely';
import { authorize, hashSecret, safeEqual, type RequestContext } from '../../platform/auth/index.js';
import type { Bus } from '../../platform/bus/index.js';
import { afterCommit, fromJson, inTransaction, iso, type Clock, type DB } from '../../platform/db/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import { agentView, findAgent, liveNodeIds, type AgentRow, type AgentView } from './agents.repo.js';

export interface AgentDeps {
  db: Kysely<DB>;
  clock: Clock;
  bus: Bus;
}

/** A refused credential: the same answer whether the agent is unknown, revoked or the secret is wrong. */
export const agentRefused = () =>
  new StewardError('agent_unauthenticated', 401, 'The agent credential is not valid; enrol the agent again.');

/** Resolves an agent's bearer credential to its row; a rotated credential's first use retires the old one. */
export async function authenticateAgent(
  deps: Pick<AgentDeps, 'db' | 'clock'>,
  header: unknown,
  find: (agentId: string) => Promise<AgentRow | undefined> = (id) => findAgent(deps.db, id),
): Promise<AgentRow> {
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  const parts = match?.[1] ? splitCredential(match[1]) : null;
  if (!parts || !match?.[1]) throw agentRefused();
  const row = await find(parts.agentId);
  if (!row || row.status !== 'active') throw agentRefused();
  const hash = hashSecret(match[1]);
  if (safeEqual(hash, row.credential_hash)) return row;
  if (row.pending_credential_hash && safeEqual(hash, row.pending_credential_hash)) {
    await deps.db
      .updateTable('agents')
      .set({ credential_hash: hash, pending_credential_hash: null, updated_at: iso(deps.clock.now()) })
      .where('id', '=', row.id)
      .where('pending_credential_hash', '=', hash)
      .execute();
    return { ...row, credential_hash: hash, pending_credential_hash: null };
  }
  throw agentRefused();
}

export interface AgentFilter {
  online?: boolean | undefined;
  status?: 'active' | 'revoked' | undefined;
  assetId?: string | undefined;
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function listAgents(
  deps: AgentDeps,
  ctx: RequestContext,
  filter: AgentFilter,
): Promise<{ items: AgentView[]; nextCursor: string | null }> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const live = await liveNodeIds(deps.db, deps.clock.now());
  let q = deps.db.selectFrom('agents').selectAll().where('tenant_id', '=', tenantId);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.assetId) q = q.where('asset_id', '=', filter.assetId);
  if (filter.q) q = q.where('hostname', 'like', `%${filter.q.replace(/[%_\\]/g, '')}%`);
  if (filter.online !== undefined) {
    const nodes = [...live];
    q = filter.online
      ? q.where('status', '=', 'active').where('online_node', 'in', nodes.length ? nodes : [''])
      : q.where((eb) =>
          eb.or([eb('online_node', 'is', null), eb('online_node', 'not in', nodes.length ? nodes : [''])]),
        );
  }
  if (filter.cursor) q = q.where('id', '>', filter.cursor);
  const rows = await q
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
  const page = rows.slice(0, filter.limit);
  return {
    items: page.map((r) => agentView(r, live)),
    nextCursor: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

async function tenantAgent(deps: AgentDeps, tenantId: string, id: string): Promise<AgentRow> {
  const row = await findAgent(deps.db, id);
  if (!row || row.tenant_id !== tenantId) throw errors.notFound(`Agent ${id}`);
  return row;
}

export async function getAgent(deps: AgentDeps, ctx: RequestContext, id: string): Promise<AgentView> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const row = await tenantAgent(deps, tenantId, id);
  return agentView(row, await liveNodeIds(deps.db, deps.clock.now()));
}

/** The credential stops working at once and the agent's connection, on whichever process, is closed. */
export async function revokeAgent(deps: AgentDeps, ctx: RequestContext, id: string): Promise<AgentView> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  const row = await tenantAgent(deps, tenantId, id);
  const now = iso(deps.clock.now());
  await inTransaction(deps.db, async (trx) => {
    if (row.status === 'revoked') return;
    await trx
      .updateTable('agents')
      .set({ status: 'revoked', revoked_at: now, updated_at: now })
      .where('id', '=', id)
      .execute();
    await recordAudit(
      trx,
      auditFrom(ctx, {
        action: 'agent.revoked',
        target: { type: 'agent', id },
        before: { status: row.status },
        after: { status: 'revoked' },
      }),
      deps.clock,
    );
    await afterCommit(trx, () => deps.bus.publish(`tenant.${tenantId}.agent.revoked`, { agentId: id }));
  });
  return getAgent(deps, ctx, id);
}

/** "Check in now": the process holding the agent's connection tells it to report (and inventory, if asked). */
export async function nudgeAgent(
  deps: AgentDeps,
  ctx: RequestContext,
  id: string,
  inventory: boolean,
): Promise<{ delivered: boolean }> {
  const { tenantId } = authorize(ctx.principal, 'operator');
  const view = await getAgent(deps, ctx, id);
  if (view.status !== 'active') throw errors.conflict(`Agent ${id} is revoked.`);
  if (!view.online) return { delivered: false };
  await deps.bus.publish(`tenant.${tenantId}.agent.checkin`, { agentId: id, inventory });
  return { delivered: true };
}

export interface AgentStats {
  enrolled: number;
  revoked: number;
  online: number;
  byTransport: Record<string, number>;
  byVersion: Record<string, number>;
  byPlatform: Record<string, number>;
  nodes: { id: string; host: string; connections: number; startedAt: string; lastSeenAt: string }[];
}

/** Live counts for the Agents page: online agents are those held by a process that is alive. */
export async function agentStats(deps: AgentDeps, ctx: RequestContext): Promise<AgentStats> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const now = deps.clock.now();
  const live = await liveNodeIds(deps.db, now);
  const rows = await deps.db
    .selectFrom('agents')
    .select((eb) => [
      'status',
      'online_node',
      'transport',
      'agent_version',
      'platform',
      eb.fn.countAll<number>().as('n'),
    ])
    .where('tenant_id', '=', tenantId)
    .groupBy(['status', 'online_node', 'transport', 'agent_version', 'platform'])
    .execute();
  const stats: AgentStats = {
    enrolled: 0,
    revoked: 0,
    online: 0,
    byTransport: {},
    byVersion: {},
    byPlatform: {},
    nodes: [],
  };
  const add = (map: Record<string, number>, key: string, n: number) => (map[key] = (map[key] ?? 0) + n);
  for (const r of rows) {
    const n = Number(r.n);
    if (r.status !== 'active') {
      stats.revoked += n;
      continue;
    }
    stats.enrolled += n;
    add(stats.byVersion, r.agent_version, n);
    add(stats.byPlatform, r.platform, n);
    if (r.online_node && live.has(r.online_node)) {
      stats.online += n;
      add(stats.byTransport, r.transport ?? 'unknown', n);
    }
  }
  const nodes = await deps.db
    .selectFrom('gateway_nodes')
    .selectAll()
    .where('id', 'in', live.size ? [...live] : [''])
    .orderBy('started_at')
    .execute();
  stats.nodes = nodes.map((n) => ({
    id: n.id,
    host: n.host,
    connections: Number(n.connections),
    startedAt: n.started_at,
    lastSeenAt: n.last_seen_at,
  }));
  return stats;
}

/** The latest inventory the agent reported (deltas applied), software list included. */
export async function agentInventory(
  deps: AgentDeps,
  ctx: RequestContext,
  id: string,
): Promise<{ observedAt: string; receivedAt: string; inventory: unknown } | null> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  await tenantAgent(deps, tenantId, id);
  const row = await deps.db
    .selectFrom('agent_inventories')
    .selectAll()
    .where('agent_id', '=', id)
    .executeTakeFirst();
  return row
    ? { observedAt: row.observed_at, receivedAt: row.received_at, inventory: fromJson(row.inventory) }
    : null;
}

export interface SoftwareFilter {
  name: string;
  version?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** "Which devices run this (version of this) software right now?", from each agent's latest inventory. */
export async function findSoftware(
  deps: AgentDeps,
  ctx: RequestContext,
  filter: SoftwareFilter,
): Promise<{
  items: { agentId: string; hostname: string; assetId: string | null; name: string; version: string }[];
  nextCursor: string | null;
}> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  let q = deps.db
    .selectFrom('agent_software')
    .innerJoin('agents', 'agents.id', 'agent_software.agent_id')
    .select([
      'agent_software.agent_id as agentId',
      'agents.hostname',
      'agents.asset_id as assetId',
      'agent_software.name',
      'agent_software.version',
    ])
    .where('agent_software.tenant_id', '=', tenantId)
    .where('agents.status', '=', 'active')
    .where('agent_software.name', '=', filter.name);
  if (filter.version !== undefined) q = q.where('agent_software.version', '=', filter.version);
  if (filter.cursor) q = q.where('agent_software.agent_id', '>', filter.cursor);
  const rows = await q
    .orderBy('agent_software.agent_id')
    .limit(filter.limit + 1)
    .execute();
  const page = rows.slice(0, filter.limit);
  return { items: page, nextCursor: rows.length > filter.limit ? (page.at(-1)?.agentId ?? null) : null };
}
