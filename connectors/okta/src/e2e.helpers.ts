// Shared by the e2e tests: a small fleet's Okta simulator and connector instances pointed at it.
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
import type { OktaConfig } from './config.js';
import { okta } from './index.js';
import { startOktaSimulator, type OktaSimulator, type OktaSimulatorOptions } from './simulator/index.js';

export const PAGE_SIZE = 10;

export async function startOkta(
  options: Partial<OktaSimulatorOptions> = {},
): Promise<OktaSimulator & { close(): Promise<void> }> {
  const sim = await startOktaSimulator({ fleet: simulatedFleet({ devices: 60, seed: 11 }), ...options });
  return { ...sim, close: () => sim.server.close() };
}

export function connect(
  sim: OktaSimulator,
  options: { apiToken?: string; http?: Record<string, number>; events?: TransportEvent[] } = {},
): ConnectorInstance<OktaConfig> {
  return instantiateConnector(okta, {
    config: {
      baseUrl: sim.server.url,
      pageSize: PAGE_SIZE,
      http: { backoffBaseMs: 5, backoffMaxMs: 20, maxRetries: 4, ...options.http },
    },
    secrets: { apiToken: options.apiToken ?? sim.apiToken },
    onEvent: (e) => options.events?.push(e),
  });
}

export interface Synced {
  summary: StreamRunSummary;
  observations: Observation[];
  errors: RecordError[];
  batches: BatchOutcome[];
}

export async function sync(
  instance: ConnectorInstance<OktaConfig>,
  options: { checkpoint?: Json; onBatch?: (b: BatchOutcome) => void } = {},
): Promise<Synced> {
  const batches: BatchOutcome[] = [];
  const summary = await instance.runStream('users', {
    checkpoint: options.checkpoint,
    onBatch: (b) => {
      options.onBatch?.(b);
      batches.push(b);
    },
  });
  return {
    summary,
    batches,
    observations: batches.flatMap((b) => b.observations),
    errors: batches.flatMap((b) => b.errors),
  };
}

export const keysOf = (observations: readonly Observation[]): string[] =>
  observations.map((o) => o.sourceKey).sort();

/** Statuses the simulator answered with on user-list requests, in order. */
export const listStatuses = (sim: OktaSimulator): number[] =>
  sim.server.requests.filter((r) => r.path === '/api/v1/users').map((r) => r.status);
