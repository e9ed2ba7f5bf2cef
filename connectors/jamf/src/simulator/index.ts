// A faithful, stateful Jamf Pro API for tests, the demo and the benchmark, built on the SDK simulator kit.
import {
  FaultPlan,
  TokenIssuer,
  startSimulatorServer,
  type SimFleet,
  type SimulatorDefinition,
  type SimulatorServer,
} from '@steward/sdk/simulator';
import { authRoutes, type JamfCredentials } from './auth-routes.js';
import { commandRoutes } from './command-routes.js';
import { computerRoutes } from './computer-routes.js';
import { jamfErrors } from './errors.js';
import { mobileRoutes } from './mobile-routes.js';
import { JamfState } from './state.js';

export { JamfState, EXTENSION_ATTRIBUTE_DEFINITIONS } from './state.js';
export type { ComputerEntry, MobileEntry, MdmCommand } from './state.js';

export interface JamfSimulatorOptions {
  fleet: SimFleet;
  port?: number;
  host?: string;
  /** Seconds each API client token lives (Jamf: 60–599 per API client; default 599). */
  tokenLifetimeSeconds?: number;
  credentials?: Partial<JamfCredentials>;
  faults?: FaultPlan;
  /** Fleet device ids (`d17`) whose records are served with a broken shape. */
  malformed?: Iterable<string>;
}

export interface JamfSimulatorServer extends SimulatorServer {
  /** Fleet device ids (`d17`) whose records are served with a broken shape; add and clear at will. */
  malformed: Set<string>;
  state: JamfState;
}

export interface JamfSimulator {
  server: JamfSimulatorServer;
  state: JamfState;
  /** What the Jamf connector needs to reach this simulator. */
  config: { baseUrl: string; clientId: string };
  secrets: { clientSecret: string };
  credentials: JamfCredentials;
}

export const DEFAULT_CREDENTIALS: JamfCredentials = {
  clientId: 'steward-sim-client',
  clientSecret: 'jamf-sim-secret-4c1f9a7e',
  username: 'steward',
  password: 'jamf-sim-password-2b8d',
};

export async function startJamfSimulator(options: JamfSimulatorOptions): Promise<JamfSimulator> {
  const credentials = { ...DEFAULT_CREDENTIALS, ...options.credentials };
  const state = new JamfState(options.fleet, options.malformed);
  const tokens = new TokenIssuer('jamf-');
  const lifetime = options.tokenLifetimeSeconds ?? 599;
  const server = await startSimulatorServer({
    name: 'Jamf Pro',
    tokens,
    errors: jamfErrors,
    faults: options.faults ?? new FaultPlan(),
    authenticate: (req) => tokens.verifyHeader(req.headers.authorization) !== undefined,
    port: options.port,
    host: options.host,
    routes: [
      ...authRoutes(tokens, credentials, () => lifetime),
      ...computerRoutes(state),
      ...mobileRoutes(state),
      ...commandRoutes(state, () => new Date()),
    ],
  });
  const jamf: JamfSimulatorServer = Object.assign(server, { malformed: state.malformed, state });
  return {
    server: jamf,
    state,
    config: { baseUrl: server.url, clientId: credentials.clientId },
    secrets: { clientSecret: credentials.clientSecret },
    credentials,
  };
}

export const simulator: SimulatorDefinition = {
  connectorId: 'jamf-pro',
  title: 'Jamf Pro',
  async start(options) {
    const sim = await startJamfSimulator(options);
    return { server: sim.server, config: sim.config, secrets: sim.secrets };
  },
};
