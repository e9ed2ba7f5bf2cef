// Test seeding: an agent task row written straight to the database, for datastore tests of delivery and finishing.
import type { Kysely } from 'kysely';
import { iso, type Clock, type DB } from '../../platform/db/index.js';

let seq = 0;

export async function seedTask(
  db: Kysely<DB>,
  clock: Clock,
  t: {
    tenantId: string;
    assetId: string;
    status?: string;
    minutesLeft?: number;
    origin?: object;
    parameters?: object;
  },
): Promise<string> {
  const n = ++seq;
  const id = `task-${t.tenantId}-${t.assetId}-${n}`;
  // Distinct creation times keep "oldest first" well defined.
  const at = iso(new Date(clock.now().getTime() + n));
  await db
    .insertInto('agent_tasks')
    .values({
      id,
      tenant_id: t.tenantId,
      asset_id: t.assetId,
      type: 'inventory',
      parameters: JSON.stringify(t.parameters ?? { n }),
      status: t.status ?? 'queued',
      idempotency_key: id,
      origin: JSON.stringify(t.origin ?? { type: 'user', id: 'u' }),
      deadline_at: iso(new Date(clock.now().getTime() + (t.minutesLeft ?? 10) * 60_000)),
      created_at: at,
      updated_at: at,
      ...{ result: null, error: null, finished_at: null, agent_id: null, request_id: null },
      ...{ delivered_at: null, acknowledged_at: null, progress: null },
    })
    .execute();
  return id;
}

export async function seedTenants(db: Kysely<DB>, clock: Clock, ids: string[]): Promise<void> {
  for (const id of ids)
    await db
      .insertInto('tenants')
      .values({ id, slug: id, name: id, created_at: iso(clock.now()) })
      .execute();
}
