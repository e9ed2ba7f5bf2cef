import type { Kysely, Selectable, Transaction } from 'kysely';
import { fromJson, type AgentsTable, type DB } from '../../platform/db/index.js';

export type AgentRow = Selectable<AgentsTable>;
type Db = Kysely<DB> | Transaction<DB>;

/** A gateway process that has not refreshed its row for this long is taken to be dead. */
export const NODE_DEAD_AFTER_MS = 30_000;

export interface AgentView {
  id: string;
  hostname: string;
  platform: string;
  agentVersion: string;
  capabilities: string[];
  status: string;
  assetId: string | null;
  enrolledAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
  online: boolean;
  transport: string | null;
  connectedAt: string | null;
  node: string | null;
  bytesIn: number;
  bytesOut: number;
}

/** `liveNodes`: the gateway processes alive now; an agent held by any other is offline whatever its row says. */
export function agentView(row: AgentRow, liveNodes: ReadonlySet<string>): AgentView {
  const online = row.status === 'active' && row.online_node !== null && liveNodes.has(row.online_node);
  return {
    id: row.id,
    hostname: row.hostname,
    platform: row.platform,
    agentVersion: row.agent_version,
    capabilities: fromJson<string[]>(row.capabilities) ?? [],
    status: row.status,
    assetId: row.asset_id,
    enrolledAt: row.enrolled_at,
    revokedAt: row.revoked_at,
    lastSeenAt: row.last_seen_at,
    online,
    transport: online ? row.transport : null,
    connectedAt: online ? row.connected_at : null,
    node: online ? row.online_node : null,
    bytesIn: Number(row.bytes_in),
    bytesOut: Number(row.bytes_out),
  };
}

export async function findAgent(db: Db, id: string): Promise<AgentRow | undefined> {
  return db.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Agent rows by id, in the order asked (undefined where there is none). */
export async function findAgents(db: Db, ids: string[]): Promise<Array<AgentRow | undefined>> {
  const rows = await db.selectFrom('agents').selectAll().where('id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id));
}

export async function liveNodeIds(db: Db, now: Date): Promise<Set<string>> {
  const since = new Date(now.getTime() - NODE_DEAD_AFTER_MS).toISOString();
  const rows = await db.selectFrom('gateway_nodes').select('id').where('last_seen_at', '>=', since).execute();
  return new Set(rows.map((r) => r.id));
}
