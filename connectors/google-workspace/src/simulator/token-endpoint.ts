// Google's OAuth token endpoint for service accounts: the JWT-bearer grant (RFC 7523) with an RS256
// assertion, checked the way Google checks it, answered with Google's OAuth errors.
import { generateKeyPair, randomBytes, verify, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { SimResponse, SimRoute, TokenIssuer } from '@steward/sdk/simulator';

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const MAX_ASSERTION_SECONDS = 3600;

export interface TokenEndpointState {
  /** The token endpoint's own URL: the only audience an assertion may name. Set once listening. */
  tokenUri: string;
  /** Service accounts by client_email, with the public half of their key. */
  accounts: Map<string, KeyObject>;
  /** Scopes the Workspace admin delegated to the service accounts (domain-wide delegation). */
  delegatedScopes: Set<string>;
  lifetimeSeconds: number;
  /** Claims of every assertion that got a token, for tests. */
  granted: Array<Record<string, unknown>>;
  /** Whether `sub` is a user of the account. */
  isUser(email: string): boolean;
}

/** What an access token was issued for; kept as the token's subject. */
export interface Grant {
  sub: string | null;
  scopes: string[];
}

export interface ServiceAccount {
  clientEmail: string;
  publicKey: KeyObject;
  /** The JSON key file as the Google Cloud console hands it out. */
  keyFile(tokenUri: string): string;
}

export async function createServiceAccount(clientEmail: string): Promise<ServiceAccount> {
  const { publicKey, privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const privateKeyId = randomBytes(20).toString('hex');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    clientEmail,
    publicKey,
    keyFile: (tokenUri) =>
      JSON.stringify(
        {
          type: 'service_account',
          project_id: 'steward-sim',
          private_key_id: privateKeyId,
          private_key: pem,
          client_email: clientEmail,
          client_id: '104729384756102938475',
          auth_uri: 'https://accounts.google.com/o/oauth2/auth',
          token_uri: tokenUri,
          auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
          universe_domain: 'googleapis.com',
        },
        null,
        2,
      ),
  };
}

const oauthError = (status: number, error: string, description: string): SimResponse => ({
  status,
  json: { error, error_description: description },
});

const invalidGrant = (description: string) => oauthError(400, 'invalid_grant', description);

function decode(part: string | undefined): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function check(
  state: TokenEndpointState,
  body: string,
): SimResponse | { grant: Grant; claims: Record<string, unknown> } {
  const form = new URLSearchParams(body);
  const grantType = form.get('grant_type') ?? '';
  if (grantType !== JWT_BEARER)
    return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType}`);
  const [h, c, s] = (form.get('assertion') ?? '').split('.');
  const header = decode(h);
  const claims = decode(c);
  if (!header || !claims || !s) return invalidGrant('Invalid JWT: token is malformed.');
  const key = typeof claims.iss === 'string' ? state.accounts.get(claims.iss) : undefined;
  if (!key) return invalidGrant('Invalid grant: account not found');
  const signed =
    header.alg === 'RS256' &&
    verify('RSA-SHA256', Buffer.from(`${h}.${c}`), key, Buffer.from(s, 'base64url'));
  if (!signed) return invalidGrant('Invalid JWT Signature.');
  if (claims.aud !== state.tokenUri) {
    return invalidGrant(`Invalid JWT: Failed audience check. The right audience is ${state.tokenUri}`);
  }
  const now = Math.floor(Date.now() / 1000);
  const { iat, exp } = claims;
  if (
    typeof iat !== 'number' ||
    typeof exp !== 'number' ||
    exp <= now ||
    iat > now + 300 ||
    exp - iat > MAX_ASSERTION_SECONDS
  ) {
    return invalidGrant(
      'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
    );
  }
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
  if (scopes.length === 0) return oauthError(400, 'invalid_scope', 'Empty or missing scope not allowed.');
  if (!scopes.every((x) => state.delegatedScopes.has(x))) {
    return oauthError(
      401,
      'unauthorized_client',
      'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
    );
  }
  const sub = typeof claims.sub === 'string' ? claims.sub : null;
  if (sub !== null && !state.isUser(sub)) return invalidGrant('Invalid email or User ID');
  return { grant: { sub, scopes }, claims };
}

export function tokenRoute(state: TokenEndpointState, tokens: TokenIssuer): SimRoute {
  return {
    method: 'POST',
    path: '/token',
    public: true,
    handle: (req) => {
      const verdict = check(state, req.body);
      if ('status' in verdict) return verdict;
      state.granted.push(verdict.claims);
      const accessToken = tokens.issue(JSON.stringify(verdict.grant), state.lifetimeSeconds);
      return {
        status: 200,
        headers: { 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate' },
        json: { access_token: accessToken, expires_in: state.lifetimeSeconds, token_type: 'Bearer' },
      };
    },
  };
}
