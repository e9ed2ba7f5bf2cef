// A stateful fake of Mimecast API 2.0 on real HTTP: OAuth2 client credentials with expiring tokens, the
// {meta, data, fail} envelope with per-item validation, managed senders, blocked-sender policies with
// pageToken paging, a per-token rate limit (429 + X-RateLimit-Reset in ms), and the kit's faults.
import {
  FaultPlan,
  TokenIssuer,
  startSimulatorServer,
  type SimFleet,
  type SimulatorDefinition,
  type SimulatorServer,
} from '@steward/sdk/simulator';
import { mimecastErrors } from './envelope.js';
import { oauthRoute } from './oauth.js';
import { TokenRateLimiter, type RateLimitSettings } from './rate-limit.js';
import { apiRoutes } from './routes.js';
import { MimecastState } from './state.js';

export { CODES } from './envelope.js';
export { PATHS } from './routes.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './policy-routes.js';
export { MimecastState, type ManagedSenderEntry, type PolicyEntry, type RecordedCall } from './state.js';
export type { RateLimitSettings } from './rate-limit.js';

export const SIM_CLIENT_ID = 'steward-mimecast-sim';
export const SIM_CLIENT_SECRET = 'mimecast-sim-secret-9f2d41c6';

export interface MimecastSimulatorOptions {
  /** Accepted for the kit's start options; a Mimecast account's senders and policies start empty. */
  fleet?: SimFleet;
  port?: number;
  host?: string;
  /** Seconds an access token lives (the API: 1799). */
  tokenLifetimeSeconds?: number;
  clientId?: string;
  clientSecret?: string;
  accountName?: string;
  region?: string;
  /** The display label the returned config carries (default: the account name). */
  environment?: string;
  /** Requests per token per window (modelled; default 300 a minute). */
  rateLimit?: Partial<RateLimitSettings>;
  faults?: FaultPlan;
}

export interface MimecastSimulator {
  server: SimulatorServer;
  state: MimecastState;
  limiter: TokenRateLimiter;
  /** A configuration and secrets a `mimecast` instance reaches this simulator with. */
  config: { baseUrl: string; clientId: string; environment: string };
  secrets: { clientSecret: string };
}

export async function startMimecastSimulator(
  options: MimecastSimulatorOptions = {},
): Promise<MimecastSimulator> {
  const clientId = options.clientId ?? SIM_CLIENT_ID;
  const clientSecret = options.clientSecret ?? SIM_CLIENT_SECRET;
  const accountName = options.accountName ?? 'Steward Demo Ltd';
  const state = new MimecastState({
    accountName,
    accountCode: 'CUSA12A345',
    region: options.region ?? 'us',
  });
  const limiter = new TokenRateLimiter({
    limit: options.rateLimit?.limit ?? 300,
    windowMs: options.rateLimit?.windowMs ?? 60_000,
  });
  const tokens = new TokenIssuer('mc2.');
  const issued = new Set<string>();
  const errors = mimecastErrors((token) => token !== undefined && issued.has(token));

  const server = await startSimulatorServer({
    name: 'mimecast',
    routes: [
      oauthRoute({
        tokens,
        clientId,
        clientSecret,
        issued,
        tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 1799,
      }),
      ...apiRoutes({ state, limiter, errors }),
    ],
    errors,
    tokens,
    faults: options.faults ?? new FaultPlan(),
    authenticate: (req) => tokens.verifyHeader(req.headers.authorization) !== undefined,
    port: options.port,
    host: options.host,
  });
  return {
    server,
    state,
    limiter,
    config: { baseUrl: server.url, clientId, environment: options.environment ?? accountName },
    secrets: { clientSecret },
  };
}

export const simulator: SimulatorDefinition = {
  connectorId: 'mimecast',
  title: 'Mimecast',
  async start(options) {
    const sim = await startMimecastSimulator(options);
    return { server: sim.server, config: sim.config, secrets: sim.secrets };
  },
};
