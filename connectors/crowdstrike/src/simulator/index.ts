// A faithful, stateful fake of the CrowdStrike Falcon Hosts API, built on the SDK's simulator kit.
import {
  FaultPlan,
  SimHttpError,
  TokenIssuer,
  startSimulatorServer,
  type SimFleet,
  type SimResponse,
  type SimRoute,
  type SimulatorDefinition,
  type SimulatorServer,
} from '@steward/sdk/simulator';
import { falconErrors, failure, type RateHeaders } from './envelope.js';
import { RateBudget } from './rate-budget.js';
import { falconRoutes } from './routes.js';
import { CrowdStrikeState } from './state.js';

export { CrowdStrikeState, type FalconAction, type RecordedAction } from './state.js';
export { HOST_STATUSES, type HostStatus } from './hosts.js';

export const SIM_CLIENT_ID = 'steward-falcon-sim';
export const SIM_CLIENT_SECRET = 'falcon-sim-secret-5c1e0b7a';

export interface CrowdStrikeSimulatorOptions {
  /** Hosts are the fleet devices with `inCrowdStrike`. */
  fleet: SimFleet;
  port?: number;
  host?: string;
  /** Seconds an access token lives (the API: 1799). */
  tokenLifetimeSeconds?: number;
  clientId?: string;
  clientSecret?: string;
  /** How long a scroll token survives unused (the API: 2 minutes). */
  scrollIdleTimeoutMs?: number;
  /** The per-customer request budget per window (the API: 6000 a minute). */
  rateLimit?: number;
  rateLimitWindowMs?: number;
  /** Whether a 429 for a spent budget carries `X-Ratelimit-Retryafter` (the API may leave it out). */
  sendRetryAfter?: boolean;
  /** Hosts served with a broken record shape (`last_seen` as a number), by host id or fleet device id. */
  malformed?: Iterable<string>;
  faults?: FaultPlan;
  now?: () => number;
}

export interface CrowdStrikeSimulator {
  /** `malformed` is the live set of broken hosts: add to it between syncs. */
  server: SimulatorServer & { malformed: Set<string> };
  state: CrowdStrikeState;
  budget: RateBudget;
  /** A configuration and secrets a `crowdstrikeFalcon` instance reaches this simulator with. */
  config: { baseUrl: string; clientId: string };
  secrets: { clientSecret: string };
}

export async function startCrowdStrikeSimulator(
  options: CrowdStrikeSimulatorOptions,
): Promise<CrowdStrikeSimulator> {
  const now = options.now ?? Date.now;
  const clientId = options.clientId ?? SIM_CLIENT_ID;
  const clientSecret = options.clientSecret ?? SIM_CLIENT_SECRET;
  const state = new CrowdStrikeState(
    options.fleet,
    options.scrollIdleTimeoutMs ?? 120_000,
    options.malformed ?? [],
    now,
  );
  const budget = new RateBudget(options.rateLimit ?? 6000, options.rateLimitWindowMs ?? 60_000, now);
  const sendRetryAfter = options.sendRetryAfter ?? true;

  const rate: RateHeaders = {
    current: () => ({
      'X-Ratelimit-Limit': String(budget.limit),
      'X-Ratelimit-Remaining': String(budget.remaining()),
    }),
    throttled: (retryAt) => ({
      'X-Ratelimit-Limit': String(budget.limit),
      'X-Ratelimit-Remaining': '0',
      ...(retryAt === undefined ? {} : { 'X-Ratelimit-Retryafter': String(Math.ceil(retryAt / 1000)) }),
    }),
  };
  const errors = falconErrors(rate, now);
  // Falcon tokens are JWTs; only the look matters here.
  const tokens = new TokenIssuer('eyJhbGciOiJSUzI1NiJ9.', now);

  const metered = (route: SimRoute): SimRoute => ({
    ...route,
    handle: async (req) => {
      if (!budget.take()) {
        return failure(
          429,
          'API rate limit exceeded.',
          rate.throttled(sendRetryAfter ? budget.resetAt() : undefined),
        );
      }
      let reply: SimResponse;
      try {
        reply = await route.handle(req);
      } catch (e) {
        if (!(e instanceof SimHttpError)) throw e;
        reply = e.response;
      }
      return { ...reply, headers: { ...reply.headers, ...rate.current() } };
    },
  });
  // Token endpoints carry the headers too, without spending the budget.
  const withHeaders = (route: SimRoute): SimRoute =>
    route.public
      ? { ...route, handle: async (req) => ({ ...(await route.handle(req)), headers: rate.current() }) }
      : route;

  const routes = falconRoutes(
    {
      state,
      tokens,
      errors,
      clientId,
      clientSecret,
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 1799,
      now,
    },
    metered,
  ).map(withHeaders);

  const started = await startSimulatorServer({
    name: 'crowdstrike-falcon',
    routes,
    errors,
    tokens,
    faults: options.faults ?? new FaultPlan(),
    authenticate: (req) => tokens.verifyHeader(req.headers.authorization) !== undefined,
    port: options.port,
    host: options.host,
  });
  const server = Object.assign(started, { malformed: state.malformed });
  return { server, state, budget, config: { baseUrl: server.url, clientId }, secrets: { clientSecret } };
}

export const simulator: SimulatorDefinition = {
  connectorId: 'crowdstrike-falcon',
  title: 'CrowdStrike Falcon',
  async start(options) {
    const sim = await startCrowdStrikeSimulator(options);
    return { server: sim.server, config: sim.config, secrets: sim.secrets };
  },
};
