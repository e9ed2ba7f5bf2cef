import type { SimRequest, SimRoute, TokenIssuer } from '@steward/sdk/simulator';
import { jamfErrorResponse } from './errors.js';

export interface JamfCredentials {
  clientId: string;
  clientSecret: string;
  /** A Jamf Pro user account for the older Basic → bearer token flow. */
  username: string;
  password: string;
}

const USER_TOKEN_SECONDS = 1800;

function basic(req: SimRequest): { user: string; secret: string } | undefined {
  const [scheme, value] = (req.headers.authorization ?? '').split(' ', 2);
  if (scheme?.toLowerCase() !== 'basic' || !value) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const at = decoded.indexOf(':');
  if (at < 0) return undefined;
  return {
    user: decodeURIComponent(decoded.slice(0, at)),
    secret: decodeURIComponent(decoded.slice(at + 1)),
  };
}

/**
 * API clients: `POST /api/oauth/token` (some SDKs use /api/v1/oauth/token) with the client credentials grant.
 * Users: `POST /api/v1/auth/token` with Basic, then keep-alive and invalidate-token on the bearer token.
 */
export function authRoutes(
  tokens: TokenIssuer,
  creds: JamfCredentials,
  lifetimeSeconds: () => number,
): SimRoute[] {
  const clientToken = (req: SimRequest) => {
    const form = new URLSearchParams(req.body);
    if (form.get('grant_type') !== 'client_credentials') {
      return { status: 400, json: { error: 'unsupported_grant_type' } };
    }
    const viaBasic = basic(req);
    const id = form.get('client_id') ?? viaBasic?.user;
    const secret = form.get('client_secret') ?? viaBasic?.secret;
    if (id !== creds.clientId || secret !== creds.clientSecret) {
      return {
        status: 401,
        json: { error: 'invalid_client', error_description: 'Client authentication failed' },
      };
    }
    const seconds = lifetimeSeconds();
    return {
      status: 200,
      json: {
        access_token: tokens.issue(`client:${id}`, seconds),
        scope: 'api-role:2',
        token_type: 'Bearer',
        expires_in: seconds,
      },
    };
  };
  const userToken = (subject: string) => ({
    status: 200,
    json: {
      token: tokens.issue(subject, USER_TOKEN_SECONDS),
      expires: new Date(Date.now() + USER_TOKEN_SECONDS * 1000).toISOString(),
    },
  });
  const bearer = (req: SimRequest) => (req.headers.authorization ?? '').replace(/^bearer\s+/i, '');

  return [
    { method: 'POST', path: '/api/oauth/token', public: true, handle: clientToken },
    { method: 'POST', path: '/api/v1/oauth/token', public: true, handle: clientToken },
    {
      method: 'POST',
      path: '/api/v1/auth/token',
      public: true,
      handle: (req) => {
        const given = basic(req);
        if (given?.user !== creds.username || given.secret !== creds.password) {
          return jamfErrorResponse(401, 'INVALID_CREDENTIALS', 'Unauthorized');
        }
        return userToken(`user:${given.user}`);
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/keep-alive',
      handle: (req) => {
        const old = bearer(req);
        const subject = tokens.verify(old) ?? 'user';
        tokens.revoke(old);
        return userToken(subject);
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/invalidate-token',
      handle: (req) => {
        tokens.revoke(bearer(req));
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/jamf-pro-version',
      handle: () => ({ status: 200, json: { version: '11.12.0-t1731524488' } }),
    },
  ];
}
