// A faithful, stateful fake of Microsoft Entra ID's token endpoint and Graph's Intune device API on one port.
import {
  TokenIssuer,
  startSimulatorServer,
  type FaultPlan,
  type SimFleet,
  type SimulatorDefinition,
  type SimulatorServer,
} from '@steward/sdk/simulator';
import { IntuneDevices } from './devices.js';
import { entraTokenRoute, subjectOf, type EntraApp } from './entra-token.js';
import { graphErrors } from './graph-errors.js';
import { ALL_PERMISSIONS, graphRoutes, type IntuneSimState } from './graph-routes.js';
import { DEFAULT_THROTTLE, IntuneThrottle, type ThrottleOptions } from './throttle.js';

export { managedDeviceIdOf, renderManagedDevice, NO_DATE, type IntuneDevice } from './devices.js';
export {
  ALL_PERMISSIONS,
  PRIVILEGED_PERMISSION,
  READ_PERMISSIONS,
  WRITE_PERMISSION,
} from './graph-routes.js';
export type { IntuneSimState, RecordedAction } from './graph-routes.js';
export type { ThrottleOptions } from './throttle.js';

export const SIM_TENANT_ID = '7d3f6a52-1c2b-4e8f-9a0d-5b6c7e8f9a01';
export const SIM_TENANT_DOMAIN = 'steward-demo.onmicrosoft.com';
export const SIM_CLIENT_ID = 'c1a2b3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
export const SIM_CLIENT_SECRET = 'Xq58Q~intune.SIM-secret_4fJk2LmN0pQrStUvWxYz';

export interface IntuneSimulatorOptions {
  fleet: SimFleet;
  port?: number;
  host?: string;
  /** Seconds each access token lives (Entra ID: 3599). */
  tokenLifetimeSeconds?: number;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** Application permissions the app was granted (default: read, read-write and privileged operations). */
  permissions?: readonly string[];
  /** Intune's per-app request window (default 2000 requests and 200 writes per 20 s, with Retry-After). */
  throttle?: Partial<ThrottleOptions>;
  /** Devices served with a broken record in the list, by managed device id or fleet device id (`d7`). */
  malformed?: Iterable<string>;
  faults?: FaultPlan;
}

export interface IntuneSimulator {
  /** `malformed` is the state's set, on the server too, where the platform's tests look for it. */
  server: SimulatorServer & { malformed: Set<string> };
  state: IntuneSimState;
  /** An instance configuration and secrets that reach this simulator. */
  config: { tenantId: string; clientId: string; authorityUrl: string; graphUrl: string };
  secrets: { clientSecret: string };
}

export async function startIntuneSimulator(options: IntuneSimulatorOptions): Promise<IntuneSimulator> {
  const app: EntraApp = {
    tenantId: options.tenantId ?? SIM_TENANT_ID,
    tenantDomains: [SIM_TENANT_DOMAIN],
    clientId: options.clientId ?? SIM_CLIENT_ID,
    clientSecret: options.clientSecret ?? SIM_CLIENT_SECRET,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3599,
  };
  // Graph access tokens are JWTs; the prefix makes these look like one in logs.
  const tokens = new TokenIssuer('eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.');
  const state: IntuneSimState = {
    devices: new IntuneDevices(options.fleet),
    actions: [],
    malformed: new Set(options.malformed),
    permissions: new Set(options.permissions ?? ALL_PERMISSIONS),
    throttle: new IntuneThrottle({ ...DEFAULT_THROTTLE, ...options.throttle }),
  };
  const subject = subjectOf(app);
  const server = await startSimulatorServer({
    name: 'Microsoft Intune (Graph)',
    routes: [entraTokenRoute(app, tokens), ...graphRoutes(state, tokens)],
    errors: graphErrors,
    authenticate: (req) => tokens.verifyHeader(req.headers.authorization) === subject,
    tokens,
    faults: options.faults,
    port: options.port,
    host: options.host,
  });
  return {
    server: Object.assign(server, { malformed: state.malformed }),
    state,
    config: {
      tenantId: app.tenantId,
      clientId: app.clientId,
      authorityUrl: server.url,
      graphUrl: server.url,
    },
    secrets: { clientSecret: app.clientSecret },
  };
}

export const simulator: SimulatorDefinition = {
  connectorId: 'microsoft-intune',
  title: 'Microsoft Intune',
  async start(options) {
    const sim = await startIntuneSimulator(options);
    return { server: sim.server, config: sim.config, secrets: sim.secrets };
  },
};
