import { simulatedFleet, type StartedSimulator } from '@steward/sdk/simulator';
import { systemContext } from '../../platform/auth/index.js';
import { inTransaction } from '../../platform/db/index.js';
import {
  createInstance,
  queueRun,
  SIMULATORS,
  updateInstance,
  type ConnectorDeps,
} from '../connectors/index.js';
import { ensureDemoWorkflows } from './workflows.js';

/**
 * The vendors the demo tenant is connected to, each served by its simulator inside the server process:
 * four that report devices and people, and four that only take actions (notify, open an incident,
 * block a sender, send e-mail), so every playbook has somewhere to act.
 */
export const DEMO_CONNECTORS = [
  'jamf',
  'intune',
  'crowdstrike',
  'okta',
  'slack',
  'servicenow',
  'mimecast',
  'smtp',
] as const;
export const DEMO_FLEET = { devices: 400, seed: 2026 };

export interface DemoConnectors {
  simulators: StartedSimulator[];
  close(): Promise<void>;
}

/**
 * Starts the demo's vendor simulators on free loopback ports and points the demo tenant's connector
 * instances at them (creating the instances on the first start, re-pointing them on later ones, since the
 * ports change), then queues a sync of each that reads records: the first screen is a fleet reconciled
 * from four sources.
 */
export async function startDemoConnectors(deps: ConnectorDeps, tenantId: string): Promise<DemoConnectors> {
  const fleet = simulatedFleet(DEMO_FLEET);
  const simulators: StartedSimulator[] = [];
  const ctx = systemContext(tenantId, 'demo data');
  try {
    for (const name of DEMO_CONNECTORS) {
      const definition = SIMULATORS[name];
      if (!definition) continue;
      const started = await definition.start({ fleet });
      simulators.push(started);
      const instanceName = `Demo ${definition.title}`;
      const existing = await deps.db
        .selectFrom('connector_instances')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('name', '=', instanceName)
        .executeTakeFirst();
      if (existing) {
        // A new port (and possibly new keys) each start: re-point the instance at this simulator.
        await updateInstance(deps, ctx, existing.id, { config: started.config, secrets: started.secrets });
      } else {
        await createInstance(deps, ctx, {
          connectorId: definition.connectorId,
          name: instanceName,
          config: started.config,
          secrets: started.secrets,
          schedule: '0 * * * *',
        });
      }
    }
    await ensureDemoWorkflows(deps, ctx);
    await inTransaction(deps.db, async (trx) => {
      const instances = await trx
        .selectFrom('connector_instances')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('name', 'like', 'Demo %')
        .execute();
      for (const instance of instances) {
        const streams = deps.catalog.get(instance.connector_id)?.streams ?? {};
        if (Object.keys(streams).length > 0) await queueRun(deps, trx, instance, 'demo');
      }
    });
    deps.wake?.();
  } catch (e) {
    await Promise.all(simulators.map((s) => s.server.close()));
    throw e;
  }
  return {
    simulators,
    close: () => Promise.all(simulators.map((s) => s.server.close())).then(() => undefined),
  };
}
