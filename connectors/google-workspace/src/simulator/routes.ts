import {
  SimHttpError,
  jsonBody,
  type SimHandler,
  type SimRequest,
  type SimRoute,
  type TokenIssuer,
} from '@steward/sdk/simulator';
import { googleError, googleErrors, quotaError, type ThrottleReason } from './errors.js';
import type { Grant } from './token-endpoint.js';
import { renderUser, type GoogleUserState } from './users.js';

const USER_SCOPE = 'https://www.googleapis.com/auth/admin.directory.user';
const READONLY_SCOPE = 'https://www.googleapis.com/auth/admin.directory.user.readonly';
const MAX_RESULTS = 500;

export interface QuotaSettings {
  /** Requests per impersonated user per window before 403 userRateLimitExceeded. */
  limit: number;
  windowMs: number;
}

export interface GoogleSimulatorState {
  /** In list order; a page token is an offset into it. */
  users: GoogleUserState[];
  customerId: string;
  /** Users served with a broken shape, named by Google user id or by fleet person id (`p12`). */
  malformed: Set<string>;
  /** How a rate-limit fault without a wait is answered: 403 with this reason. */
  throttleReason: ThrottleReason;
  /** The per-user query quota; none when absent. */
  quota: QuotaSettings | undefined;
  /** A user by id, primary e-mail or alias (case-insensitive), as a userKey resolves. */
  user(key: string): GoogleUserState | undefined;
}

const badRequest = (message: string, reason = 'badRequest') =>
  new SimHttpError(googleError(400, message, reason));
const forbidden = () =>
  new SimHttpError(googleError(403, 'Not Authorized to access this resource/api', 'forbidden'));

const encodeToken = (offset: number) => Buffer.from(`users:${offset}`).toString('base64url');
function decodeToken(token: string): number {
  const m = /^users:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) throw badRequest('Invalid Input: pageToken', 'invalid');
  return Number(m[1]);
}

const isMalformed = (state: GoogleSimulatorState, u: GoogleUserState) =>
  state.malformed.has(u.id) || state.malformed.has(u.person.id);

function listUsers(state: GoogleSimulatorState): SimHandler {
  return (req) => {
    const customer = req.query.get('customer');
    if (!customer && !req.query.get('domain')) throw badRequest('Bad Request');
    if (customer && customer !== 'my_customer' && customer !== state.customerId)
      throw badRequest('Bad Request');
    const raw = req.query.get('maxResults');
    const max = raw === null ? 100 : Number(raw);
    if (!Number.isInteger(max) || max < 1 || max > MAX_RESULTS) {
      throw badRequest(
        `Invalid value '${raw}'. Values must be within the range: [1, ${MAX_RESULTS}]`,
        'invalid',
      );
    }
    const token = req.query.get('pageToken');
    const offset = token ? decodeToken(token) : 0;
    const page = state.users.slice(offset, offset + max);
    const next = offset + max < state.users.length ? encodeToken(offset + max) : undefined;
    return {
      status: 200,
      json: {
        kind: 'admin#directory#users',
        etag: `"sim-users-${offset}"`,
        // Google leaves the key out of an empty page.
        ...(page.length
          ? { users: page.map((u) => renderUser(u, state.customerId, isMalformed(state, u))) }
          : {}),
        ...(next ? { nextPageToken: next } : {}),
      },
    };
  };
}

function findUser(state: GoogleSimulatorState, req: SimRequest): GoogleUserState {
  const key = req.params.userKey ?? '';
  const u = state.user(key);
  if (!u) throw new SimHttpError(googleError(404, 'Resource Not Found: userKey', 'notFound'));
  return u;
}

function getUser(state: GoogleSimulatorState): SimHandler {
  return (req) => {
    const u = findUser(state, req);
    return { status: 200, json: renderUser(u, state.customerId, isMalformed(state, u)) };
  };
}

function patchUser(state: GoogleSimulatorState): SimHandler {
  return (req) => {
    const body = jsonBody(
      req,
      googleErrors(() => state.throttleReason),
    );
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw badRequest('Invalid JSON payload received.');
    const u = findUser(state, req);
    const { suspended } = body as { suspended?: unknown };
    if (suspended !== undefined) {
      if (typeof suspended !== 'boolean')
        throw badRequest('Invalid value for: suspended is not a boolean', 'invalid');
      u.suspended = suspended;
    }
    return { status: 200, json: renderUser(u, state.customerId, isMalformed(state, u)) };
  };
}

/** The grant behind the bearer token, checked like Google does: an admin subject and the right scope. */
function authorized(
  state: GoogleSimulatorState,
  tokens: TokenIssuer,
  write: boolean,
  handle: SimHandler,
): SimHandler {
  const windows = new Map<string, { used: number; resetAt: number }>();
  return (req) => {
    const subject = tokens.verifyHeader(req.headers.authorization);
    const grant = subject ? (JSON.parse(subject) as Grant) : undefined;
    const admin = grant?.sub ? state.user(grant.sub) : undefined;
    if (!grant || !admin?.isAdmin || admin.suspended || admin.archived) throw forbidden();
    const allowed = write ? [USER_SCOPE] : [USER_SCOPE, READONLY_SCOPE];
    if (!grant.scopes.some((s) => allowed.includes(s))) {
      throw new SimHttpError(
        googleError(403, 'Request had insufficient authentication scopes.', 'insufficientPermissions'),
      );
    }
    if (state.quota) {
      const now = Date.now();
      let w = windows.get(admin.id);
      if (!w || now >= w.resetAt)
        windows.set(admin.id, (w = { used: 0, resetAt: now + state.quota.windowMs }));
      if (++w.used > state.quota.limit) return quotaError('userRateLimitExceeded');
    }
    return handle(req);
  };
}

export function googleRoutes(state: GoogleSimulatorState, tokens: TokenIssuer): SimRoute[] {
  const users = '/admin/directory/v1/users';
  return [
    { method: 'GET', path: users, handle: authorized(state, tokens, false, listUsers(state)) },
    { method: 'GET', path: `${users}/:userKey`, handle: authorized(state, tokens, false, getUser(state)) },
    { method: 'PATCH', path: `${users}/:userKey`, handle: authorized(state, tokens, true, patchUser(state)) },
  ];
}
