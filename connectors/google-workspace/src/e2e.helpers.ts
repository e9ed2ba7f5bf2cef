// Shared by the e2e tests: a small fleet's Directory simulator and connector instances pointed at it.
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
import type { GoogleWorkspaceConfig } from './config.js';
import { googleWorkspace } from './index.js';
import {
  SIM_CLIENT_EMAIL,
  createServiceAccount,
  startGoogleWorkspaceSimulator,
  type ServiceAccount,
  type GoogleWorkspaceSimulator,
  type GoogleWorkspaceSimulatorOptions,
} from './simulator/index.js';

export const PAGE_SIZE = 10;
export const USERS_PATH = '/admin/directory/v1/users';

export type Sim = GoogleWorkspaceSimulator & { close(): Promise<void> };

// One key pair per test file: generating an RSA key costs more than the rest of a test.
let account: Promise<ServiceAccount> | undefined;
export const sharedServiceAccount = (): Promise<ServiceAccount> =>
  (account ??= createServiceAccount(SIM_CLIENT_EMAIL));

export async function startGoogle(options: Partial<GoogleWorkspaceSimulatorOptions> = {}): Promise<Sim> {
  const sim = await startGoogleWorkspaceSimulator({
    fleet: simulatedFleet({ devices: 60, seed: 11 }),
    serviceAccount: await sharedServiceAccount(),
    ...options,
  });
  return { ...sim, close: () => sim.server.close() };
}

export function connect(
  sim: GoogleWorkspaceSimulator,
  options: {
    config?: Record<string, unknown>;
    serviceAccountKey?: string;
    http?: Record<string, number>;
    events?: TransportEvent[];
  } = {},
): ConnectorInstance<GoogleWorkspaceConfig> {
  return instantiateConnector(googleWorkspace, {
    config: {
      baseUrl: sim.server.url,
      adminEmail: sim.adminEmail,
      pageSize: PAGE_SIZE,
      http: { backoffBaseMs: 5, backoffMaxMs: 20, maxRetries: 4, ...options.http },
      ...options.config,
    },
    secrets: { serviceAccountKey: options.serviceAccountKey ?? sim.serviceAccountKey },
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
  instance: ConnectorInstance<GoogleWorkspaceConfig>,
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

/** Statuses the simulator answered user-list requests with, in order. */
export const listStatuses = (sim: GoogleWorkspaceSimulator): number[] =>
  sim.server.requests.filter((r) => r.path === USERS_PATH).map((r) => r.status);
