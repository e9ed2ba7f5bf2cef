import type { AuthScheme } from './auth-scheme.js';

export interface StaticHeaderOptions {
  /** Header name, e.g. `Authorization` or `X-API-Key`. */
  header: string;
  /** Written before the token with a space, e.g. `SSWS` (Okta) or `Bearer`; omit for a bare key. */
  prefix?: string;
  token: string;
}

/** A long-lived API token sent on every request (Okta `Authorization: SSWS …`, `X-API-Key: …`). */
export function staticHeader(options: StaticHeaderOptions): AuthScheme {
  if (!options.token) throw new Error(`staticHeader: the token for ${options.header} is empty.`);
  const value = options.prefix ? `${options.prefix} ${options.token}` : options.token;
  return {
    type: 'static_header',
    credentials: () => Promise.resolve({ headers: { [options.header]: value }, generation: 0 }),
    invalidate: () => false,
    secretValues: () => [options.token],
  };
}
