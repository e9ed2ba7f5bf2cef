import {
  SimHttpError,
  jsonBody,
  type SimRequest,
  type SimResponse,
  type SimRoute,
  type TokenIssuer,
  type VendorErrors,
} from '@steward/sdk/simulator';
import { envelope, failure, type FalconError } from './envelope.js';
import { queryHosts, scrollHosts } from './query.js';
import { FALCON_ACTIONS, type CrowdStrikeState, type FalconAction } from './state.js';

export interface RouteDeps {
  state: CrowdStrikeState;
  tokens: TokenIssuer;
  errors: VendorErrors;
  clientId: string;
  clientSecret: string;
  tokenLifetimeSeconds: number;
  now: () => number;
}

const MAX_GET_IDS = 100;
const MAX_POST_IDS = 5000;
const MAX_ACTION_IDS = 500;

const notFoundError = (id: string): FalconError => ({
  code: 404,
  message: `No matching device found for ID ${id}`,
});

/** `{"ids": [...]}` with 1..max strings, or the API's 400. */
function idsOf(req: SimRequest, errors: VendorErrors, max: number): string[] {
  const body = jsonBody(req, errors);
  const ids = typeof body === 'object' && body !== null ? (body as { ids?: unknown }).ids : undefined;
  if (
    !Array.isArray(ids) ||
    ids.length === 0 ||
    ids.length > max ||
    !ids.every((i) => typeof i === 'string')
  ) {
    throw new SimHttpError(failure(400, `ids: between 1 and ${max} device ids are required`));
  }
  return ids as string[];
}

/** Host records for `ids`; unknown ones are listed under `errors`, a 404 only when none is found. */
function hostDetails(state: CrowdStrikeState, ids: readonly string[]): SimResponse {
  const resources: unknown[] = [];
  const errs: FalconError[] = [];
  for (const id of ids) {
    const host = state.readHost(id);
    if (host) resources.push(host);
    else errs.push(notFoundError(id));
  }
  return { status: resources.length > 0 ? 200 : 404, json: envelope({ resources, errors: errs }) };
}

function hostAction(
  state: CrowdStrikeState,
  req: SimRequest,
  errors: VendorErrors,
  now: number,
): SimResponse {
  const action = req.query.get('action_name');
  if (!action || !(FALCON_ACTIONS as readonly string[]).includes(action)) {
    return failure(
      400,
      `Invalid action_name: ${action ?? '(none)'}; expected one of ${FALCON_ACTIONS.join(', ')}`,
    );
  }
  const ids = idsOf(req, errors, MAX_ACTION_IDS);
  const resources: unknown[] = [];
  const errs: FalconError[] = [];
  for (const id of ids) {
    if (state.apply(action as FalconAction, id)) {
      resources.push({ id, path: `/devices/entities/devices/v1?ids=${id}` });
    } else {
      errs.push(notFoundError(id));
    }
  }
  state.actions.push({ action: action as FalconAction, ids: [...ids], at: now });
  return { status: resources.length > 0 ? 202 : 404, json: envelope({ resources, errors: errs }) };
}

function issueToken(deps: RouteDeps, req: SimRequest): SimResponse {
  const form = new URLSearchParams(req.body);
  const clientId = form.get('client_id');
  const secret = form.get('client_secret');
  if (!clientId || !secret) {
    return {
      status: 400,
      json: envelope({
        errors: [{ code: 400, message: 'client_id and client_secret are required' }],
        poweredBy: 'csam',
      }),
    };
  }
  if (clientId !== deps.clientId || secret !== deps.clientSecret) {
    return {
      status: 403,
      json: envelope({
        errors: [{ code: 403, message: 'Failed to issue access token - Not Authorized' }],
        poweredBy: 'csam',
      }),
    };
  }
  const memberCid = form.get('member_cid');
  if (memberCid) deps.state.memberCids.push(memberCid);
  const accessToken = deps.tokens.issue(memberCid ?? deps.state.cid, deps.tokenLifetimeSeconds);
  return {
    status: 201,
    json: { access_token: accessToken, token_type: 'bearer', expires_in: deps.tokenLifetimeSeconds },
  };
}

function revokeToken(deps: RouteDeps, req: SimRequest): SimResponse {
  const expected = `Basic ${Buffer.from(`${deps.clientId}:${deps.clientSecret}`).toString('base64')}`;
  if (req.headers.authorization !== expected) return failure(403, 'access denied, authorization failed');
  const token = new URLSearchParams(req.body).get('token');
  if (token) deps.tokens.revoke(token);
  return { status: 200, json: envelope({ poweredBy: 'csam' }) };
}

/** The API as routes; `metered` wraps every authenticated one with the request budget. */
export function falconRoutes(deps: RouteDeps, metered: (route: SimRoute) => SimRoute): SimRoute[] {
  const { state, errors, now } = deps;
  const api: SimRoute[] = [
    { method: 'GET', path: '/devices/queries/devices/v1', handle: (req) => queryHosts(state, req) },
    {
      method: 'GET',
      path: '/devices/queries/devices-scroll/v1',
      handle: (req) => scrollHosts(state, req, now()),
    },
    {
      method: 'GET',
      path: '/devices/entities/devices/v2',
      handle: (req) => {
        const ids = req.query.getAll('ids');
        if (ids.length === 0 || ids.length > MAX_GET_IDS) {
          return failure(400, `ids: between 1 and ${MAX_GET_IDS} device ids are required`);
        }
        return hostDetails(state, ids);
      },
    },
    {
      method: 'POST',
      path: '/devices/entities/devices/v2',
      handle: (req) => hostDetails(state, idsOf(req, errors, MAX_POST_IDS)),
    },
    {
      method: 'POST',
      path: '/devices/entities/devices-actions/v2',
      handle: (req) => hostAction(state, req, errors, now()),
    },
  ];
  return [
    { method: 'POST', path: '/oauth2/token', public: true, handle: (req) => issueToken(deps, req) },
    { method: 'POST', path: '/oauth2/revoke', public: true, handle: (req) => revokeToken(deps, req) },
    ...api.map(metered),
  ];
}
