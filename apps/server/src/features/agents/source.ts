import { isStewardError } from '@steward/domain';
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/auth/index.js';
import type { Clock, DB } from '../../platform/db/index.js';
import { createSource } from '../ingestion/index.js';

/** Every agent's inventory is an observation from this one source of type `agent`. */
export const AGENT_SOURCE_KEY = 'agent';

export async function ensureAgentSource(
  deps: { db: Kysely<DB>; clock: Clock },
  ctx: RequestContext,
): Promise<void> {
  const exists = await deps.db
    .selectFrom('sources')
    .select('id')
    .where('tenant_id', '=', ctx.principal.tenantId)
    .where('key', '=', AGENT_SOURCE_KEY)
    .executeTakeFirst();
  if (exists) return;
  try {
    await createSource(deps, ctx, { key: AGENT_SOURCE_KEY, name: 'Steward agent', type: 'agent' });
  } catch (e) {
    // Created by a concurrent request in the meantime.
    if (!(isStewardError(e) && e.status === 409)) throw e;
  }
}
