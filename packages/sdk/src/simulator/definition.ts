import type { SimFleet } from './fleet.js';
import type { SimulatorServer } from './server.js';

export interface SimulatorStartOptions {
  fleet: SimFleet;
  /** 0 or absent: any free port. */
  port?: number;
  host?: string;
  /** Seconds each issued access token lives (vendors differ: Jamf 60–599, Graph 3599). */
  tokenLifetimeSeconds?: number;
}

export interface StartedSimulator {
  server: SimulatorServer;
  /** An instance configuration and the secrets that reach this simulator: what the demo and tests use. */
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

/** What a connector package exports from `./simulator`: the platform's demo and CLI start it by id. */
export interface SimulatorDefinition {
  connectorId: string;
  title: string;
  start(options: SimulatorStartOptions): Promise<StartedSimulator>;
}
