// Shared by this package's end-to-end tests: a simulator, and instances pointed at it over real HTTP.
import { instantiateConnector, type ConnectorInstance, type TransportEvent } from '@steward/sdk';
import type { MimecastConfig, MimecastConfigInput } from './config.js';
import { mimecast } from './index.js';
import {
  startMimecastSimulator,
  type MimecastSimulator,
  type MimecastSimulatorOptions,
} from './simulator/index.js';

const running: MimecastSimulator[] = [];

export async function startSim(options: MimecastSimulatorOptions = {}): Promise<MimecastSimulator> {
  const sim = await startMimecastSimulator(options);
  running.push(sim);
  return sim;
}

export async function closeSimulators(): Promise<void> {
  await Promise.all(running.splice(0).map((s) => s.server.close()));
}

/** An instance on the simulator with short backoff, so faults cost milliseconds. */
export function connect(
  sim: MimecastSimulator,
  options: { secret?: string; config?: Partial<MimecastConfigInput>; events?: TransportEvent[] } = {},
): ConnectorInstance<MimecastConfig> {
  return instantiateConnector(mimecast, {
    config: {
      ...sim.config,
      ...options.config,
      http: { backoffBaseMs: 5, backoffMaxMs: 20, ...options.config?.http },
    },
    secrets: { clientSecret: options.secret ?? sim.secrets.clientSecret },
    onEvent: options.events ? (e) => options.events?.push(e) : undefined,
  });
}

/** Requests the simulator answered on `path` (optionally with `status`). */
export function requestsTo(sim: MimecastSimulator, path: string, status?: number): number {
  return sim.server.requests.filter((r) => r.path === path && (status === undefined || r.status === status))
    .length;
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  return outcome.error as Error;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
