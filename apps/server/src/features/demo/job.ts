import type { Job } from '../../platform/jobs/index.js';
import type { PurchasingDeps } from '../purchasing/index.js';
import { DEFAULT_DEMO_SIZE, seedDemoFleet } from './seed.js';

export const DEMO_SEED_JOB = 'demo.seed';

/** Seeds in the background so the server answers at once; a tenant that already has assets is left alone. */
export function demoSeedHandler(deps: PurchasingDeps & { publicUrl: () => string }) {
  return async (job: Job): Promise<unknown> => {
    const { tenantId } = job.payload as { tenantId: string };
    const existing = await deps.db
      .selectFrom('assets')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .limit(1)
      .execute();
    if (existing.length > 0) return { skipped: 'tenant already has assets' };
    return seedDemoFleet(deps, tenantId, DEFAULT_DEMO_SIZE);
  };
}
