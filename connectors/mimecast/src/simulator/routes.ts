// The API as routes. Each is a POST of `{meta?, data[]}`: metered per token, validated item by item, and
// answered HTTP 200 with `data[]` for the items that worked and `fail[]` for those that did not.
import {
  SimHttpError,
  jsonBody,
  type SimRequest,
  type SimResponse,
  type SimRoute,
  type VendorErrors,
} from '@steward/sdk/simulator';
import { CODES, envelope, failError, failure, rateLimitedResponse, type SimFailEntry } from './envelope.js';
import { createPolicies, deletePolicies, getPolicies } from './policy-routes.js';
import type { TokenRateLimiter } from './rate-limit.js';
import type { ManagedSenderEntry, MimecastState } from './state.js';
import { asItem, ItemCheck } from './validation.js';

export const PATHS = {
  token: '/oauth/token',
  account: '/api/account/get-account',
  managedSender: '/api/managedsender/permit-or-block-sender',
  createPolicy: '/api/policy/blockedsenders/create-policy',
  getPolicy: '/api/policy/blockedsenders/get-policy',
  deletePolicy: '/api/policy/blockedsenders/delete-policy',
} as const;

export interface RouteDeps {
  state: MimecastState;
  limiter: TokenRateLimiter;
  errors: VendorErrors;
}

type ApiHandler = (items: unknown[], meta: unknown) => SimResponse;

function permitOrBlock(state: MimecastState, items: unknown[]): SimResponse {
  const data: ManagedSenderEntry[] = [];
  const fail: SimFailEntry[] = [];
  for (const raw of items) {
    const check = new ItemCheck(asItem(raw));
    const sender = check.emailOrDomain('sender', true);
    const to = check.email('to', false);
    const action = check.oneOf('action', ['block', 'permit'] as const);
    if (!check.ok || !sender || !action) fail.push({ key: raw, errors: check.errors });
    else data.push(state.setSender(sender, to, action === 'block' ? 'Block' : 'Permit'));
  }
  return { status: 200, json: envelope(200, data, fail) };
}

const bearer = (req: SimRequest): string =>
  /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';

function api(deps: RouteDeps, path: string, handle: ApiHandler): SimRoute {
  const { state, limiter, errors } = deps;
  return {
    method: 'POST',
    path,
    handle: (req) => {
      const verdict = limiter.take(bearer(req));
      if (!verdict.allowed) return rateLimitedResponse(verdict.resetMs);
      const body = asItem(jsonBody(req, errors));
      if (!Array.isArray(body.data)) {
        throw new SimHttpError(
          failure(400, failError('data', CODES.malformed, 'The request body must be {"data": [...]}.')),
        );
      }
      const items = body.data as unknown[];
      state.calls.push({ path, body });
      if (state.takeTransientFailure(path)) {
        const error = failError(undefined, CODES.temporarilyUnavailable, 'Please try again.', true);
        const fail =
          items.length > 0 ? items.map((key) => ({ key, errors: [error] })) : [{ errors: [error] }];
        return { status: 200, json: envelope(200, [], fail) };
      }
      const answer = handle(items, body.meta);
      return state.takeLostAnswer(path) ? errors.serverError(502, req) : answer;
    },
  };
}

export function apiRoutes(deps: RouteDeps): SimRoute[] {
  const { state } = deps;
  return [
    api(deps, PATHS.account, () => ({ status: 200, json: envelope(200, [state.account]) })),
    api(deps, PATHS.managedSender, (items) => permitOrBlock(state, items)),
    api(deps, PATHS.createPolicy, (items) => createPolicies(state, items)),
    api(deps, PATHS.getPolicy, (items, meta) => getPolicies(state, items, meta)),
    api(deps, PATHS.deletePolicy, (items) => deletePolicies(state, items)),
  ];
}
