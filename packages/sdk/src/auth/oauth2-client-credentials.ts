import type { AuthScheme } from './auth-scheme.js';
import { TokenCache } from './token-cache.js';
import { requestToken } from './token-endpoint.js';

export interface OAuth2ClientCredentialsOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string | readonly string[];
  /** Extra form fields (CrowdStrike `member_cid`, an `audience`). */
  extraParams?: Record<string, string>;
  /** Where the client credentials go: the form body (default) or an HTTP Basic header. */
  clientAuthentication?: 'body' | 'basic';
  /** Refresh this long before expiry (default 60 s). */
  skewSeconds?: number;
  /** Timeout of one token request (default 15 s). */
  timeoutMs?: number;
  /** An answer that means "token expired" besides a 401, e.g. an expiry code in a 200 or 403 body. */
  isExpiredResponse?: (status: number, body: unknown) => boolean;
  /** Only for clock-free unit tests. */
  fetch?: typeof fetch;
  now?: () => number;
}

/** OAuth2 client-credentials grant (Jamf Pro, Microsoft Graph, CrowdStrike, Mimecast). */
export function oauth2ClientCredentials(options: OAuth2ClientCredentialsOptions): AuthScheme {
  if (!options.clientId || !options.clientSecret) {
    throw new Error('oauth2ClientCredentials: clientId and clientSecret are required.');
  }
  const basic = Buffer.from(
    `${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`,
  ).toString('base64');
  const configured = [options.clientSecret, basic];
  const scope = typeof options.scope === 'string' ? options.scope : options.scope?.join(' ');

  const cache = new TokenCache(
    () => {
      const form = new URLSearchParams({ grant_type: 'client_credentials' });
      const headers: Record<string, string> = {};
      if (options.clientAuthentication === 'basic') {
        headers.authorization = `Basic ${basic}`;
      } else {
        form.set('client_id', options.clientId);
        form.set('client_secret', options.clientSecret);
      }
      if (scope) form.set('scope', scope);
      for (const [k, v] of Object.entries(options.extraParams ?? {})) form.set(k, v);
      return requestToken({
        url: options.tokenUrl,
        form,
        headers,
        timeoutMs: options.timeoutMs ?? 15_000,
        fetch: options.fetch ?? globalThis.fetch,
        secrets: configured,
      });
    },
    { skewSeconds: options.skewSeconds, now: options.now },
  );

  return {
    type: 'oauth2_client_credentials',
    async credentials() {
      const { accessToken, generation } = await cache.get();
      return { headers: { Authorization: `Bearer ${accessToken}` }, generation };
    },
    invalidate(generation) {
      cache.invalidate(generation);
      return true;
    },
    isExpiredResponse: options.isExpiredResponse,
    secretValues() {
      const token = cache.currentToken();
      return token ? [...configured, token] : [...configured];
    },
    onEvent: (listener) => cache.onEvent(listener),
  };
}
