// Shared set-up for the connectors feature's tests: a real Steward, one tenant, and a Jamf Pro simulator.
import { simulatedFleet, type SimFleet } from '@steward/sdk/simulator';
import { startJamfSimulator, type JamfSimulator } from '@steward/connector-jamf/simulator';
import type { Dialect } from '../../platform/db/index.js';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';

export interface ConnectorWorld {
  server: TestServer;
  tenant: SeededTenant;
  fleet: SimFleet;
  jamf: JamfSimulator;
  /** The fleet's devices Jamf knows. */
  jamfDevices: number;
  close(): Promise<void>;
}

export async function startConnectorWorld(dialect: Dialect, devices = 40): Promise<ConnectorWorld> {
  const server = await startTestServer(dialect, { jobs: { workers: 2, leaseSeconds: 30, pollMs: 50 } });
  const tenant = await seedTenant(server.steward, 'conn');
  const fleet = simulatedFleet({ devices, seed: 11 });
  const jamf = await startJamfSimulator({ fleet });
  return {
    server,
    tenant,
    fleet,
    jamf,
    jamfDevices: fleet.devices.filter((d) => d.inJamf).length,
    close: async () => {
      await jamf.server.close();
      await server.stop();
    },
  };
}

export async function createJamfInstance(
  w: ConnectorWorld,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; sourceKey: string }> {
  const res = await api(w.server.url, 'POST', '/api/v1/connector-instances', {
    token: w.tenant.tokens.admin,
    body: {
      connectorId: 'jamf-pro',
      name: 'Jamf EU',
      config: { ...w.jamf.config, pageSize: 10 },
      secrets: w.jamf.secrets,
      ...overrides,
    },
  });
  if (res.status !== 201) throw new Error(`create instance: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; sourceKey: string };
}

export interface RunBody {
  id: string;
  status: string;
  error: string | null;
  syncId: string | null;
  attempts: number;
  finishedAt: string | null;
  counts: Record<string, number>;
  streams: { name: string; done: boolean; counts: Record<string, number> }[];
}

/** Polls a run until `done(run)` (default: finished), failing after `timeoutMs`. */
export async function waitForRun(
  w: ConnectorWorld,
  runId: string,
  done: (run: RunBody) => boolean = (r) => r.status === 'succeeded' || r.status === 'failed',
  timeoutMs = 20_000,
): Promise<RunBody> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await api(w.server.url, 'GET', `/api/v1/connector-runs/${runId}`, {
      token: w.tenant.tokens.viewer,
    });
    const run = res.body as RunBody;
    if (done(run)) return run;
    if (Date.now() > until) throw new Error(`run ${runId} still ${run.status}: ${JSON.stringify(run)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function syncNow(w: ConnectorWorld, instanceId: string): Promise<RunBody> {
  const res = await api(w.server.url, 'POST', `/api/v1/connector-instances/${instanceId}/syncs`, {
    token: w.tenant.tokens.operator,
  });
  if (res.status !== 202) throw new Error(`sync: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as RunBody;
}
