// Shared by this package's end-to-end tests: a small simulator, an instance pointed at it, a sync collector.
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
import { simulatedFleet } from '@steward/sdk/simulator';
import type { CrowdStrikeConfig, CrowdStrikeConfigInput } from './config.js';
import { crowdstrikeFalcon } from './index.js';
import {
  startCrowdStrikeSimulator,
  type CrowdStrikeSimulator,
  type CrowdStrikeSimulatorOptions,
} from './simulator/index.js';

export const PAGE_SIZE = 7;
export const FLEET_SEED = 11;

const running: CrowdStrikeSimulator[] = [];

/** A simulator over a 40-device fleet (about 30 hosts); closed by `closeSimulators`. */
export async function startSim(
  options: Partial<CrowdStrikeSimulatorOptions> & { devices?: number } = {},
): Promise<CrowdStrikeSimulator> {
  const { devices = 40, ...rest } = options;
  const sim = await startCrowdStrikeSimulator({
    fleet: simulatedFleet({ devices, seed: FLEET_SEED }),
    ...rest,
  });
  running.push(sim);
  return sim;
}

export async function closeSimulators(): Promise<void> {
  await Promise.all(running.splice(0).map((s) => s.server.close()));
}

/** An instance on the simulator with short backoff, so faults cost milliseconds. */
export function instanceFor(
  sim: CrowdStrikeSimulator,
  overrides: Partial<CrowdStrikeConfigInput> = {},
  options: { secret?: string; events?: TransportEvent[] } = {},
): ConnectorInstance<CrowdStrikeConfig> {
  return instantiateConnector(crowdstrikeFalcon, {
    config: { ...sim.config, pageSize: PAGE_SIZE, backoff: { baseMs: 5, maxMs: 40 }, ...overrides },
    secrets: { clientSecret: options.secret ?? sim.secrets.clientSecret },
    onEvent: options.events ? (e) => options.events?.push(e) : undefined,
  });
}

export interface Collected {
  summary: StreamRunSummary;
  observations: Observation[];
  errors: RecordError[];
  checkpoints: Json[];
}

/** Runs the hosts stream to the end and keeps everything it produced. */
export async function syncHosts(
  instance: ConnectorInstance<CrowdStrikeConfig>,
  options: { checkpoint?: Json; onBatch?: (outcome: BatchOutcome) => Promise<void> | void } = {},
): Promise<Collected> {
  const observations: Observation[] = [];
  const errors: RecordError[] = [];
  const checkpoints: Json[] = [];
  const summary = await instance.runStream('hosts', {
    checkpoint: options.checkpoint,
    async onBatch(outcome) {
      await options.onBatch?.(outcome);
      observations.push(...outcome.observations);
      errors.push(...outcome.errors);
      checkpoints.push(outcome.checkpoint);
    },
  });
  return { summary, observations, errors, checkpoints };
}

export const sourceKeys = (observations: readonly Observation[]): string[] =>
  observations.map((o) => o.sourceKey).sort();

/** Requests the simulator answered on `path` (optionally with `status`). */
export function requestsTo(sim: CrowdStrikeSimulator, path: string, status?: number): number {
  return sim.server.requests.filter((r) => r.path === path && (status === undefined || r.status === status))
    .length;
}

export const SCROLL_PATH = '/devices/queries/devices-scroll/v1';
export const DETAILS_PATH = '/devices/entities/devices/v2';
export const ACTIONS_PATH = '/devices/entities/devices-actions/v2';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
