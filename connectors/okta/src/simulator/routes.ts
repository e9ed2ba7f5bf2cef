import {
  SimHttpError,
  intParam,
  type SimHandler,
  type SimRequest,
  type SimResponse,
  type SimRoute,
} from '@steward/sdk/simulator';
import { oktaError } from './errors.js';
import { bucketOf, type OktaRateLimiter } from './rate-limit.js';
import { renderUser, type OktaStatus, type OktaUserState } from './users.js';

export interface OktaSimulatorState {
  /** In Okta's list order; the `after` cursor is the id of the last user of the previous page. */
  users: OktaUserState[];
  /** Users served with a broken shape, named by Okta user id or by fleet person id (`p12`). */
  malformed: Set<string>;
  limiter: OktaRateLimiter;
  /** Lifecycle requests that take effect but whose answer is lost (a 502): tests a retried POST. */
  loseAnswers: number;
  /** A user by Okta id or login (case-insensitive), as GET /api/v1/users/{id} resolves it. */
  user(idOrLogin: string): OktaUserState | undefined;
}

const MAX_LIMIT = 200;

const TRANSITIONS: Record<string, { from: (s: OktaStatus) => boolean; to: OktaStatus; rule: string }> = {
  suspend: { from: (s) => s === 'ACTIVE', to: 'SUSPENDED', rule: 'Only an ACTIVE user can be suspended.' },
  unsuspend: {
    from: (s) => s === 'SUSPENDED',
    to: 'ACTIVE',
    rule: 'Only a SUSPENDED user can be unsuspended.',
  },
  deactivate: {
    from: (s) => s !== 'DEPROVISIONED',
    to: 'DEPROVISIONED',
    rule: 'The user is already deactivated.',
  },
};

const isMalformed = (state: OktaSimulatorState, u: OktaUserState) =>
  state.malformed.has(u.id) || state.malformed.has(u.person.id);

const originOf = (req: SimRequest) => `http://${req.headers.host ?? '127.0.0.1'}`;

function userNotFound(id: string): SimHttpError {
  return new SimHttpError(oktaError(404, 'E0000007', `Not found: Resource not found: ${id} (User)`));
}

/** Which users a `filter` selects; Okta's unfiltered list leaves DEPROVISIONED users out. */
function selection(filter: string | null): (u: OktaUserState) => boolean {
  if (filter === null) return (u) => u.status !== 'DEPROVISIONED';
  const m = /^status eq "([A-Z_]+)"$/.exec(filter.trim());
  if (!m) throw new SimHttpError(oktaError(400, 'E0000031', 'Invalid search criteria.'));
  return (u) => u.status === m[1];
}

function listUsers(state: OktaSimulatorState): SimHandler {
  const position = new Map(state.users.map((u, i) => [u.id, i]));
  return (req) => {
    const limit = intParam(req.query, 'limit', MAX_LIMIT, { min: 1, max: MAX_LIMIT });
    if (limit === undefined)
      throw new SimHttpError(oktaError(400, 'E0000001', 'Api validation failed: limit'));
    const filter = req.query.get('filter');
    const selected = selection(filter);
    const after = req.query.get('after');
    let from = 0;
    if (after) {
      const at = position.get(after);
      if (at === undefined)
        throw new SimHttpError(oktaError(400, 'E0000001', 'Api validation failed: after'));
      from = at + 1;
    }
    const page: OktaUserState[] = [];
    let i = from;
    for (; i < state.users.length && page.length < limit; i++) {
      const u = state.users[i] as OktaUserState;
      if (selected(u)) page.push(u);
    }
    let more = false;
    for (let j = i; j < state.users.length && !more; j++) more = selected(state.users[j] as OktaUserState);
    const origin = originOf(req);
    const link = (cursor?: string) => {
      const q = new URLSearchParams();
      if (cursor) q.set('after', cursor);
      q.set('limit', String(limit));
      if (filter !== null) q.set('filter', filter);
      return `${origin}/api/v1/users?${q.toString()}`;
    };
    const links = [`<${link()}>; rel="self"`];
    const last = page[page.length - 1];
    if (more && last) links.push(`<${link(last.id)}>; rel="next"`);
    return {
      status: 200,
      headers: { link: links.join(', ') },
      json: page.map((u) => renderUser(u, origin, isMalformed(state, u))),
    };
  };
}

function getUser(state: OktaSimulatorState): SimHandler {
  return (req) => {
    const u = state.user(req.params.id ?? '');
    if (!u) throw userNotFound(req.params.id ?? '');
    return { status: 200, json: renderUser(u, originOf(req), isMalformed(state, u)) };
  };
}

function lifecycle(state: OktaSimulatorState): SimHandler {
  return (req) => {
    const id = req.params.id ?? '';
    const op = req.params.op ?? '';
    const transition = TRANSITIONS[op];
    if (!transition)
      throw new SimHttpError(oktaError(404, 'E0000007', `Not found: Resource not found: ${op}`));
    const u = state.user(id);
    if (!u) throw userNotFound(id);
    if (!transition.from(u.status)) {
      return oktaError(400, 'E0000001', `Api validation failed: ${op}`, [transition.rule]);
    }
    u.status = transition.to;
    u.statusChanged = u.lastUpdated = new Date().toISOString();
    if (state.loseAnswers > 0) {
      state.loseAnswers--;
      return oktaError(502, 'E0000009', 'Internal Server Error');
    }
    return { status: 200, json: {} };
  };
}

/** Counts the request against its bucket (429 E0000047 once spent) and stamps the rate headers. */
function limited(limiter: OktaRateLimiter, handle: SimHandler): SimHandler {
  return async (req) => {
    const verdict = limiter.take(bucketOf(req.method, req.path));
    if (!verdict.allowed) {
      return oktaError(
        429,
        'E0000047',
        'API call exceeded rate limit due to too many requests.',
        [],
        verdict.headers,
      );
    }
    let res: SimResponse;
    try {
      res = await handle(req);
    } catch (e) {
      if (!(e instanceof SimHttpError)) throw e;
      res = e.response;
    }
    return { ...res, headers: { ...verdict.headers, ...res.headers } };
  };
}

export function oktaRoutes(state: OktaSimulatorState): SimRoute[] {
  const route = (method: string, path: string, handle: SimHandler): SimRoute => ({
    method,
    path,
    handle: limited(state.limiter, handle),
  });
  return [
    route('GET', '/api/v1/users', listUsers(state)),
    route('GET', '/api/v1/users/:id', getUser(state)),
    route('POST', '/api/v1/users/:id/lifecycle/:op', lifecycle(state)),
  ];
}
