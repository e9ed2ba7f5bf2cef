// The agent policy of a tenant: what every agent is told on connecting and whenever it changes.
import { message, type ServerMessage } from '@steward/protocol';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import type { Bus } from '../../platform/bus/index.js';
import {
  afterCommit,
  fromJson,
  inTransaction,
  iso,
  toJson,
  type Clock,
  type DB,
} from '../../platform/db/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';

export const agentPolicyInputSchema = z.strictObject({
  /** How often agents send a full inventory (between, they send what changed). */
  inventoryIntervalMinutes: z
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .optional(),
  /** Free-form settings for agents; kept as given. */
  settings: z.record(z.string().max(64), z.unknown()).default({}),
});
export type AgentPolicyInput = z.infer<typeof agentPolicyInputSchema>;

export interface AgentPolicyView {
  revision: number;
  inventoryIntervalMinutes: number | null;
  settings: Record<string, unknown>;
  updatedAt: string | null;
}

export interface PolicyDeps {
  db: Kysely<DB>;
  clock: Clock;
  bus: Bus;
}

type Stored = { inventoryIntervalMinutes?: number; settings: Record<string, unknown> };

async function load(db: Kysely<DB>, tenantId: string): Promise<AgentPolicyView> {
  const row = await db
    .selectFrom('agent_policies')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  const policy = fromJson<Stored>(row?.policy ?? null);
  return {
    revision: Number(row?.revision ?? 0),
    inventoryIntervalMinutes: policy?.inventoryIntervalMinutes ?? null,
    settings: policy?.settings ?? {},
    updatedAt: row?.updated_at ?? null,
  };
}

export async function getAgentPolicy(deps: PolicyDeps, ctx: RequestContext): Promise<AgentPolicyView> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  return load(deps.db, tenantId);
}

/** A new revision, pushed to every connected agent of the tenant, on whichever process holds it. */
export async function setAgentPolicy(
  deps: PolicyDeps,
  ctx: RequestContext,
  input: AgentPolicyInput,
): Promise<AgentPolicyView> {
  const { tenantId, actor } = authorize(ctx.principal, 'admin');
  await inTransaction(deps.db, async (trx) => {
    const before = await load(trx, tenantId);
    const stored: Stored = {
      ...(input.inventoryIntervalMinutes ? { inventoryIntervalMinutes: input.inventoryIntervalMinutes } : {}),
      settings: input.settings,
    };
    const row = {
      tenant_id: tenantId,
      revision: before.revision + 1,
      policy: toJson(stored),
      updated_by: `${actor.type}:${actor.id}`,
      updated_at: iso(deps.clock.now()),
    };
    await trx
      .insertInto('agent_policies')
      .values(row)
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(row))
      .execute();
    await recordAudit(
      trx,
      auditFrom(ctx, {
        action: 'agent.policy.updated',
        target: { type: 'agent_policy', id: tenantId },
        before: { ...before },
        after: { revision: row.revision, ...stored },
      }),
      deps.clock,
    );
    await afterCommit(trx, () =>
      deps.bus.publish(`tenant.${tenantId}.agent.policy`, { revision: row.revision }),
    );
  });
  return load(deps.db, tenantId);
}

/** The policy message for a tenant's agents; none before an admin has set one. */
export async function policyMessage(db: Kysely<DB>, tenantId: string): Promise<ServerMessage | null> {
  const policy = await load(db, tenantId);
  if (policy.revision === 0) return null;
  return message<ServerMessage>({
    type: 'policy',
    policy: {
      revision: policy.revision,
      ...(policy.inventoryIntervalMinutes
        ? { inventoryIntervalMinutes: policy.inventoryIntervalMinutes }
        : {}),
      settings: policy.settings,
    },
  });
}
