// Shared set-up for the end-to-end tests: a small fleet, the Jamf simulator on real HTTP, one instance.
import {
  instantiateConnector,
  type ConnectorInstance,
  type Json,
  type Observation,
  type RecordError,
  type StreamRunSummary,
  type TransportEvent,
} from '@steward/sdk';
import { simulatedFleet, type SimFleet } from '@steward/sdk/simulator';
import { jamfPro, type JamfConfig } from './index.js';
import { startJamfSimulator, type JamfSimulator, type JamfSimulatorOptions } from './simulator/index.js';

export interface JamfWorld {
  fleet: SimFleet;
  sim: JamfSimulator;
  instance: ConnectorInstance<JamfConfig>;
  events: TransportEvent[];
  close(): Promise<void>;
}

export async function startJamfWorld(
  options: { devices?: number; config?: Partial<JamfConfig> } & Partial<
    Omit<JamfSimulatorOptions, 'fleet'>
  > = {},
): Promise<JamfWorld> {
  const { devices = 60, config, ...simOptions } = options;
  const fleet = simulatedFleet({ devices, seed: 5 });
  const sim = await startJamfSimulator({ fleet, ...simOptions });
  const events: TransportEvent[] = [];
  const instance = instantiateConnector(jamfPro, {
    config: {
      ...sim.config,
      pageSize: 5,
      timeoutMs: 2000,
      maxRetries: 4,
      backoffBaseMs: 5,
      backoffMaxMs: 40,
      ...config,
    },
    secrets: sim.secrets,
    onEvent: (e) => events.push(e),
  });
  return { fleet, sim, instance, events, close: () => sim.server.close() };
}

export interface Collected {
  summary: StreamRunSummary;
  observations: Observation[];
  errors: RecordError[];
  checkpoints: Json[];
}

export async function collect(
  instance: ConnectorInstance<JamfConfig>,
  stream: 'computers' | 'mobileDevices',
  checkpoint?: Json,
): Promise<Collected> {
  const observations: Observation[] = [];
  const errors: RecordError[] = [];
  const checkpoints: Json[] = [];
  const summary = await instance.runStream(stream, {
    checkpoint,
    onBatch: (batch) => {
      observations.push(...batch.observations);
      errors.push(...batch.errors);
      checkpoints.push(batch.checkpoint);
    },
  });
  return { summary, observations, errors, checkpoints };
}

/** A bearer token straight from the simulator, for reading its API the way any Jamf client would. */
export async function jamfGet(sim: JamfSimulator, path: string): Promise<{ status: number; body: unknown }> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: sim.config.clientId,
    client_secret: sim.secrets.clientSecret,
  });
  const token = (await (
    await fetch(`${sim.server.url}/api/oauth/token`, { method: 'POST', body: form })
  ).json()) as {
    access_token: string;
  };
  const res = await fetch(`${sim.server.url}${path}`, {
    headers: { authorization: `Bearer ${token.access_token}` },
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}
