// A stateful fake of ServiceNow's Table API (incident) on real HTTP: Basic auth, encoded queries, Link
// and X-Total-Count paging, the {error,status:"failure"} envelope, the kit's faults and lost answers.
import { randomBytes } from 'node:crypto';
import {
  TokenIssuer,
  startSimulatorServer,
  type FaultPlan,
  type SimRequest,
  type SimulatorDefinition,
  type SimulatorServer,
  type SimulatorStartOptions,
} from '@steward/sdk/simulator';
import { serviceNowErrors } from './errors.js';
import { IncidentTable } from './incidents.js';
import { serviceNowRoutes, type Access, type ServiceNowSimulatorState } from './routes.js';

export type { Access, LostAnswer, ServiceNowSimulatorState } from './routes.js';
export { IncidentTable, type IncidentRecord } from './incidents.js';

export const SIM_USERNAME = 'steward.integration';

export interface ServiceNowSimulatorOptions extends Partial<SimulatorStartOptions> {
  username?: string;
  /** Random when absent. */
  password?: string;
  access?: Access;
  faults?: FaultPlan;
}

export interface ServiceNowSimulator {
  server: SimulatorServer;
  state: ServiceNowSimulatorState;
  config: { baseUrl: string; username: string };
  secrets: { password: string };
}

/** True for `Authorization: Basic base64(username:password)` of the one configured user. */
function basicCheck(username: string, password: string): (req: SimRequest) => boolean {
  return (req) => {
    const [scheme, encoded] = (req.headers.authorization ?? '').split(' ', 2);
    if (scheme?.toLowerCase() !== 'basic' || !encoded) return false;
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon > 0 && decoded.slice(0, colon) === username && decoded.slice(colon + 1) === password;
  };
}

export async function startServiceNowSimulator(
  options: ServiceNowSimulatorOptions = {},
): Promise<ServiceNowSimulator> {
  const username = options.username ?? SIM_USERNAME;
  const password = options.password ?? `sn-${randomBytes(12).toString('base64url')}`;
  const state: ServiceNowSimulatorState = {
    incidents: new IncidentTable(username),
    access: options.access ?? 'itil',
    loseAnswers: [],
    lostAnswers: [],
    unqueryable: new Set(),
  };
  const server = await startSimulatorServer({
    name: 'servicenow',
    routes: serviceNowRoutes(state),
    errors: serviceNowErrors,
    authenticate: basicCheck(username, password),
    // Basic auth issues no tokens; the kit wants an issuer all the same (expire_tokens does nothing).
    tokens: new TokenIssuer('unused'),
    faults: options.faults,
    port: options.port,
    host: options.host,
  });
  return { server, state, config: { baseUrl: server.url, username }, secrets: { password } };
}

export const simulator: SimulatorDefinition = {
  connectorId: 'servicenow',
  title: 'ServiceNow',
  async start(options) {
    const { server, config, secrets } = await startServiceNowSimulator(options);
    return { server, config, secrets };
  },
};
