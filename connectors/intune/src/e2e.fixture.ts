// Shared set-up for the end-to-end tests: a small fleet, the simulator on real HTTP, a connector instance.
import {
  instantiateConnector,
  type BatchOutcome,
  type ConnectorInstance,
  type Json,
  type Observation,
  type RecordError,
  type StreamRunSummary,
  type TransportEvent,
} from '@steward/sdk';
import { simulatedFleet, type SimDevice, type SimFleet } from '@steward/sdk/simulator';
import type { IntuneConfig } from './config.js';
import { microsoftIntune } from './index.js';
import {
  managedDeviceIdOf,
  startIntuneSimulator,
  type IntuneSimulator,
  type IntuneSimulatorOptions,
} from './simulator/index.js';

export interface World {
  fleet: SimFleet;
  /** The fleet's devices Intune knows. */
  intune: SimDevice[];
  sim: IntuneSimulator;
  instance: ConnectorInstance<IntuneConfig>;
  events: TransportEvent[];
  close(): Promise<void>;
}

/** Short waits and a fast client pace, so a test runs in well under a second unless it waits on purpose. */
export const FAST: Partial<IntuneConfig> = {
  pageSize: 4,
  requestsPerSecond: 1000,
  burst: 100,
  backoffBaseMs: 10,
  backoffMaxMs: 100,
  maxRetries: 4,
  timeoutMs: 5000,
};

export async function startWorld(
  options: {
    devices?: number;
    sim?: Partial<IntuneSimulatorOptions>;
    config?: Partial<IntuneConfig>;
    secret?: string;
  } = {},
): Promise<World> {
  const fleet = simulatedFleet({ devices: options.devices ?? 40, seed: 7 });
  const sim = await startIntuneSimulator({ fleet, ...options.sim });
  const events: TransportEvent[] = [];
  const instance = instantiateConnector(microsoftIntune, {
    config: { ...sim.config, ...FAST, ...options.config },
    secrets: { clientSecret: options.secret ?? sim.secrets.clientSecret },
    onEvent: (e) => events.push(e),
  });
  return {
    fleet,
    intune: fleet.devices.filter((d) => d.inIntune),
    sim,
    instance,
    events,
    close: () => sim.server.close(),
  };
}

export interface SyncResult {
  summary: StreamRunSummary;
  observations: Observation[];
  errors: RecordError[];
  checkpoints: Json[];
}

export async function syncAll(
  instance: ConnectorInstance<IntuneConfig>,
  options: { checkpoint?: Json; onBatch?: (outcome: BatchOutcome) => void } = {},
): Promise<SyncResult> {
  const observations: Observation[] = [];
  const errors: RecordError[] = [];
  const checkpoints: Json[] = [];
  const summary = await instance.runStream('managedDevices', {
    checkpoint: options.checkpoint,
    onBatch: (outcome) => {
      options.onBatch?.(outcome);
      observations.push(...outcome.observations);
      errors.push(...outcome.errors);
      checkpoints.push(outcome.checkpoint);
    },
  });
  return { summary, observations, errors, checkpoints };
}

/**
 * Requests the simulator answered (`list`: the device list; `detail`: single-device reads), with the
 * query decoded (`%24top` → `$top`).
 */
export function requestsTo(world: World, which: 'list' | 'detail' | 'token', since = 0) {
  const all = world.sim.server.requests
    .slice(since)
    .map((r) => ({ ...r, query: decodeURIComponent(r.query) }));
  if (which === 'token') return all.filter((r) => r.path.endsWith('/oauth2/v2.0/token'));
  if (which === 'list')
    return all.filter((r) => r.method === 'GET' && r.path === '/v1.0/deviceManagement/managedDevices');
  return all.filter(
    (r) => r.method === 'GET' && /^\/v1\.0\/deviceManagement\/managedDevices\/[^/]+$/.test(r.path),
  );
}

export const isComputer = (d: SimDevice): boolean => d.platform === 'Windows' || d.platform === 'macOS';

export function idOf(d: SimDevice): string {
  return managedDeviceIdOf(d);
}
