// A stateful fake of Okta's Users API on real HTTP: SSWS tokens, Link-header paging, lifecycle operations,
// Okta's error envelope and per-endpoint rate limits, plus the kit's injectable faults.
import {
  type FaultPlan,
  TokenIssuer,
  startSimulatorServer,
  type SimulatorDefinition,
  type SimulatorServer,
  type SimulatorStartOptions,
} from '@steward/sdk/simulator';
import { oktaErrors } from './errors.js';
import { OktaRateLimiter, type RateLimitSettings } from './rate-limit.js';
import { oktaRoutes, type OktaSimulatorState } from './routes.js';
import { buildUsers } from './users.js';

export type { OktaSimulatorState } from './routes.js';
export type { OktaStatus, OktaUserState } from './users.js';
export { oktaUserId } from './users.js';
export { bucketOf, type RateLimitSettings } from './rate-limit.js';

export interface OktaSimulatorOptions extends SimulatorStartOptions {
  /** Per endpoint bucket; default 600 requests a minute. */
  rateLimit?: Partial<RateLimitSettings>;
  /** Users served with a broken shape (a number for profile.email): Okta user ids or fleet person ids. */
  malformed?: Iterable<string>;
  faults?: FaultPlan;
}

export interface OktaSimulator {
  /** The kit's server, plus the malformed set (shared with `state`) for callers that only hold the server. */
  server: SimulatorServer & { malformed: Set<string> };
  state: OktaSimulatorState;
  /** The SSWS API token the simulator accepts. */
  apiToken: string;
}

// Okta API tokens expire after 30 days without use.
const TOKEN_LIFETIME_SECONDS = 30 * 86_400;

export async function startOktaSimulator(options: OktaSimulatorOptions): Promise<OktaSimulator> {
  const users = buildUsers(options.fleet);
  const byId = new Map(users.map((u) => [u.id, u]));
  const byLogin = new Map(users.map((u) => [u.person.email.toLowerCase(), u]));
  const limiter = new OktaRateLimiter({
    limit: options.rateLimit?.limit ?? 600,
    windowMs: options.rateLimit?.windowMs ?? 60_000,
  });
  const state: OktaSimulatorState = {
    users,
    malformed: new Set(options.malformed ?? []),
    limiter,
    loseAnswers: 0,
    user: (key) => byId.get(key) ?? byLogin.get(key.toLowerCase()),
  };
  const tokens = new TokenIssuer('00');
  const apiToken = tokens.issue('okta-admin', options.tokenLifetimeSeconds ?? TOKEN_LIFETIME_SECONDS);
  const kit = await startSimulatorServer({
    name: 'okta',
    routes: oktaRoutes(state),
    errors: oktaErrors(limiter),
    authenticate: (req) => tokens.verifyHeader(req.headers.authorization, 'SSWS') !== undefined,
    tokens,
    faults: options.faults,
    port: options.port,
    host: options.host,
  });
  const server = Object.assign(kit, { malformed: state.malformed });
  return { server, state, apiToken };
}

export const simulator: SimulatorDefinition = {
  connectorId: 'okta',
  title: 'Okta',
  async start(options) {
    const { server, apiToken } = await startOktaSimulator(options);
    return { server, config: { baseUrl: server.url, pageSize: 200 }, secrets: { apiToken } };
  },
};
