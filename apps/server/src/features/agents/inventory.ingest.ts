import { StewardError } from '@steward/domain';
import type { Inventory, InventoryReport } from '@steward/protocol';
import type { RequestContext } from '../../platform/auth/index.js';
import { fromJson, inTransaction, iso, toJson } from '../../platform/db/index.js';
import { ingestObservations, type IngestDeps } from '../ingestion/index.js';
import type { AgentRow } from './agents.repo.js';
import { inventoryObservation } from './inventory.observation.js';
import { ensureAgentSource } from './source.js';

/** What the agent's own reports may do in its tenant: feed the pipeline, as the agent. */
export function agentContext(agent: AgentRow): RequestContext {
  return {
    principal: {
      tenantId: agent.tenant_id,
      role: 'operator',
      actor: { type: 'agent', id: agent.id, name: agent.hostname },
      via: 'system',
    },
    requestId: null,
  };
}

const SOFTWARE_CHUNK = 500;

/** The agent's software rows become its latest list: one package name and version per row. */
async function replaceSoftware(deps: IngestDeps, agent: AgentRow, inventory: Inventory): Promise<void> {
  const unique = new Map(inventory.software.map((s) => [`${s.name}\u0000${s.version ?? ''}`, s]));
  const rows = [...unique.values()].map((s) => ({
    agent_id: agent.id,
    tenant_id: agent.tenant_id,
    name: s.name,
    version: s.version ?? '',
    source: s.source ?? null,
  }));
  await inTransaction(deps.db, async (trx) => {
    await trx.deleteFrom('agent_software').where('agent_id', '=', agent.id).execute();
    for (let i = 0; i < rows.length; i += SOFTWARE_CHUNK)
      await trx
        .insertInto('agent_software')
        .values(rows.slice(i, i + SOFTWARE_CHUNK))
        .execute();
  });
}

/** A delta arrived but there is no full inventory to apply it to: the agent must send a full one. */
export const needsFullInventory = () =>
  new StewardError(
    'full_inventory_needed',
    409,
    'No full inventory is on record for this agent; send a full one.',
  );

async function merged(deps: IngestDeps, agent: AgentRow, report: InventoryReport): Promise<Inventory> {
  if (report.mode === 'full') return report.inventory;
  const stored = await deps.db
    .selectFrom('agent_inventories')
    .select('inventory')
    .where('agent_id', '=', agent.id)
    .executeTakeFirst();
  const base = stored ? fromJson<Inventory>(stored.inventory) : null;
  if (!base) throw needsFullInventory();
  return { ...base, ...report.inventory };
}

/**
 * An inventory report goes through the same pipeline as every connector's data: an observation from the
 * `agent` source. The merged inventory (software list included) is kept per agent, and the asset the
 * pipeline identified becomes the agent's asset — the one its tasks are addressed to.
 */
export async function recordInventory(
  deps: IngestDeps,
  agent: AgentRow,
  report: InventoryReport,
): Promise<{ assetId: string | null; status: string; reasons: string[] }> {
  const inventory = await merged(deps, agent, report);
  const ctx = agentContext(agent);
  await ensureAgentSource(deps, ctx);
  const result = await ingestObservations(deps, ctx, [
    inventoryObservation(agent.id, report.observedAt, inventory),
  ]);
  const item = result.items[0];
  const now = iso(deps.clock.now());
  await deps.db
    .insertInto('agent_inventories')
    .values({
      agent_id: agent.id,
      tenant_id: agent.tenant_id,
      inventory: toJson(inventory),
      observed_at: report.observedAt,
      received_at: now,
    })
    .onConflict((oc) =>
      oc
        .column('agent_id')
        .doUpdateSet({ inventory: toJson(inventory), observed_at: report.observedAt, received_at: now }),
    )
    .execute();
  if (report.mode === 'full' || report.inventory.software) await replaceSoftware(deps, agent, inventory);
  const assetId = item?.entityId ?? agent.asset_id;
  if (assetId && assetId !== agent.asset_id)
    await deps.db
      .updateTable('agents')
      .set({ asset_id: assetId, updated_at: now })
      .where('id', '=', agent.id)
      .execute();
  return {
    assetId: assetId ?? null,
    status: item?.status ?? 'rejected',
    reasons: (item?.errors ?? []).map((e) => `${e.path}: ${e.reason}`),
  };
}
