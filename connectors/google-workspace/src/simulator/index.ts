// A stateful fake of the Google Workspace Directory API on real HTTP: a service-account token endpoint
// that verifies RS256 JWT assertions, page-token paging, suspension by PATCH, Google's error envelope,
// quota errors as 403, and the kit's injectable faults.
import {
  TokenIssuer,
  startSimulatorServer,
  type FaultPlan,
  type SimulatorDefinition,
  type SimulatorServer,
  type SimulatorStartOptions,
} from '@steward/sdk/simulator';
import { googleErrors } from './errors.js';
import { googleRoutes, type GoogleSimulatorState, type QuotaSettings } from './routes.js';
import {
  createServiceAccount,
  tokenRoute,
  type ServiceAccount,
  type TokenEndpointState,
} from './token-endpoint.js';
import { buildUsers } from './users.js';

export type { GoogleSimulatorState, QuotaSettings } from './routes.js';
export type { GoogleUserState } from './users.js';
export type { ServiceAccount, TokenEndpointState } from './token-endpoint.js';
export type { ThrottleReason } from './errors.js';
export { createServiceAccount } from './token-endpoint.js';

export const SIM_CLIENT_EMAIL = 'steward-directory@steward-sim.iam.gserviceaccount.com';

export interface GoogleWorkspaceSimulatorOptions extends SimulatorStartOptions {
  /** Users served with a broken shape (a number for primaryEmail): Google user ids or fleet person ids. */
  malformed?: Iterable<string>;
  faults?: FaultPlan;
  /** Per impersonated admin; answered 403 userRateLimitExceeded once spent. */
  quota?: QuotaSettings;
  /** Default: admin.directory.user and its read-only twin. */
  delegatedScopes?: string[];
  /** Reuse a service account instead of generating a key pair at start (RSA generation takes a while). */
  serviceAccount?: ServiceAccount;
}

export interface GoogleWorkspaceSimulator {
  /** The kit's server, plus the malformed set (shared with `state`) for callers that only hold the server. */
  server: SimulatorServer & { malformed: Set<string> };
  state: GoogleSimulatorState;
  token: TokenEndpointState;
  /** The service-account JSON key the token endpoint accepts; its token_uri points here. */
  serviceAccountKey: string;
  /** The super admin to impersonate (config adminEmail). */
  adminEmail: string;
}

export async function startGoogleWorkspaceSimulator(
  options: GoogleWorkspaceSimulatorOptions,
): Promise<GoogleWorkspaceSimulator> {
  const users = buildUsers(options.fleet);
  const index = new Map<string, (typeof users)[number]>();
  for (const u of users) {
    index.set(u.id, u);
    index.set(u.person.email.toLowerCase(), u);
    for (const alias of u.aliases) index.set(alias.toLowerCase(), u);
  }
  const state: GoogleSimulatorState = {
    users,
    customerId: 'C03az79cb',
    malformed: new Set(options.malformed ?? []),
    throttleReason: 'userRateLimitExceeded',
    quota: options.quota,
    user: (key) => index.get(key) ?? index.get(key.toLowerCase()),
  };
  const account = options.serviceAccount ?? (await createServiceAccount(SIM_CLIENT_EMAIL));
  const token: TokenEndpointState = {
    tokenUri: '',
    accounts: new Map([[account.clientEmail, account.publicKey]]),
    delegatedScopes: new Set(
      options.delegatedScopes ?? [
        'https://www.googleapis.com/auth/admin.directory.user',
        'https://www.googleapis.com/auth/admin.directory.user.readonly',
      ],
    ),
    lifetimeSeconds: options.tokenLifetimeSeconds ?? 3599,
    granted: [],
    isUser: (email) => state.user(email) !== undefined,
  };
  const tokens = new TokenIssuer('ya29.');
  const kit = await startSimulatorServer({
    name: 'google-workspace',
    routes: [tokenRoute(token, tokens), ...googleRoutes(state, tokens)],
    errors: googleErrors(() => state.throttleReason),
    authenticate: (req) => tokens.verifyHeader(req.headers.authorization) !== undefined,
    tokens,
    faults: options.faults,
    port: options.port,
    host: options.host,
  });
  token.tokenUri = `${kit.url}/token`;
  const admin = users.find((u) => u.isAdmin);
  return {
    server: Object.assign(kit, { malformed: state.malformed }),
    state,
    token,
    serviceAccountKey: account.keyFile(token.tokenUri),
    adminEmail: admin?.person.email ?? 'admin@example.com',
  };
}

export const simulator: SimulatorDefinition = {
  connectorId: 'google-workspace',
  title: 'Google Workspace',
  async start(options) {
    const sim = await startGoogleWorkspaceSimulator(options);
    return {
      server: sim.server,
      config: { baseUrl: sim.server.url, adminEmail: sim.adminEmail, customer: 'my_customer', pageSize: 500 },
      secrets: { serviceAccountKey: sim.serviceAccountKey },
    };
  },
};
