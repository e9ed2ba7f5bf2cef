import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { AuthScheme } from './auth-scheme.js';
import { TokenCache } from './token-cache.js';
import { requestToken } from './token-endpoint.js';

export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';
const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
// Google rejects assertions that live longer than an hour.
const MAX_LIFETIME_SECONDS = 3600;

/** The fields of a Google service-account JSON key file we use. */
export const serviceAccountKeySchema = z.object({
  type: z.literal('service_account'),
  client_email: z.string().min(1),
  private_key: z.string().min(1),
  private_key_id: z.string().optional(),
  token_uri: z.url().optional(),
});

export interface GoogleServiceAccountOptions {
  clientEmail: string;
  /** PEM (PKCS#8, as in the key file). */
  privateKey: string;
  privateKeyId?: string;
  scopes: readonly string[];
  /** The user to impersonate with domain-wide delegation (an admin, for the Directory API). */
  subject?: string;
  tokenUri?: string;
  /** Assertion lifetime, at most 3600 s (the default). */
  lifetimeSeconds?: number;
  skewSeconds?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Options from a service-account key file (the JSON text an admin uploads). */
export function googleServiceAccountKey(
  keyJson: string,
): Pick<GoogleServiceAccountOptions, 'clientEmail' | 'privateKey' | 'privateKeyId' | 'tokenUri'> {
  let raw: unknown;
  try {
    raw = JSON.parse(keyJson);
  } catch {
    throw new Error('The Google service-account key is not valid JSON.');
  }
  const parsed = serviceAccountKeySchema.safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new Error(`The Google service-account key is missing or has invalid fields: ${fields}.`);
  }
  const k = parsed.data;
  return {
    clientEmail: k.client_email,
    privateKey: k.private_key,
    privateKeyId: k.private_key_id,
    tokenUri: k.token_uri,
  };
}

const b64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

/** An RS256-signed JWT-bearer assertion (RFC 7523) as Google's token endpoint expects. */
export function signServiceAccountAssertion(
  options: Omit<GoogleServiceAccountOptions, 'privateKey'> & { key: KeyObject; issuedAt: number },
): string {
  const header = { alg: 'RS256', typ: 'JWT', ...(options.privateKeyId ? { kid: options.privateKeyId } : {}) };
  const lifetime = Math.min(options.lifetimeSeconds ?? MAX_LIFETIME_SECONDS, MAX_LIFETIME_SECONDS);
  const claims = {
    iss: options.clientEmail,
    scope: options.scopes.join(' '),
    aud: options.tokenUri ?? GOOGLE_TOKEN_URI,
    iat: options.issuedAt,
    exp: options.issuedAt + lifetime,
    ...(options.subject ? { sub: options.subject } : {}),
  };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = sign('RSA-SHA256', Buffer.from(signingInput), options.key);
  return `${signingInput}.${b64url(signature)}`;
}

/** Google service account, JWT bearer grant, optionally impersonating a Workspace admin. */
export function googleServiceAccount(options: GoogleServiceAccountOptions): AuthScheme {
  if (options.scopes.length === 0) throw new Error('googleServiceAccount: at least one scope is required.');
  let key: KeyObject;
  try {
    key = createPrivateKey(options.privateKey);
  } catch {
    // The parser's message can quote the key material.
    throw new Error(
      `googleServiceAccount: the private key of ${options.clientEmail} is not a valid PEM key.`,
    );
  }
  const now = options.now ?? Date.now;
  const tokenUri = options.tokenUri ?? GOOGLE_TOKEN_URI;
  const secrets = [options.privateKey];

  const cache = new TokenCache(
    () => {
      const assertion = signServiceAccountAssertion({
        ...options,
        tokenUri,
        key,
        issuedAt: Math.floor(now() / 1000),
      });
      return requestToken({
        url: tokenUri,
        form: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion }),
        timeoutMs: options.timeoutMs ?? 15_000,
        fetch: options.fetch ?? globalThis.fetch,
        secrets: [...secrets, assertion],
      });
    },
    { skewSeconds: options.skewSeconds, now },
  );

  return {
    type: 'google_service_account',
    async credentials() {
      const { accessToken, generation } = await cache.get();
      return { headers: { Authorization: `Bearer ${accessToken}` }, generation };
    },
    invalidate(generation) {
      cache.invalidate(generation);
      return true;
    },
    secretValues() {
      const token = cache.currentToken();
      return token ? [...secrets, token] : [...secrets];
    },
    onEvent: (listener) => cache.onEvent(listener),
  };
}
