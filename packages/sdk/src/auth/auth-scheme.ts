export const AUTH_TYPES = [
  'none',
  'oauth2_client_credentials',
  'static_header',
  'basic',
  'google_service_account',
  /** Chosen per instance in the configuration (the generic HTTP API connector). */
  'configurable',
] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

export interface Credentials {
  headers: Record<string, string>;
  /**
   * Which credentials these are. A 401 invalidates only this generation, so twenty requests failing
   * with the same expired token cause one re-authentication, not twenty.
   */
  generation: number;
}

export type TokenRefreshReason = 'initial' | 'expiring' | 'rejected';

export interface AuthEvent {
  type: 'token-refreshed';
  reason: TokenRefreshReason;
  expiresInSeconds: number;
}

/** How a connector instance proves who it is. The transport is its only user. */
export interface AuthScheme {
  readonly type: AuthType;
  credentials(): Promise<Credentials>;
  /**
   * The API rejected `generation`. Returns whether asking for credentials again can help: true for
   * token schemes (the token is dropped), false for static ones (the same secret would fail again).
   */
  invalidate(generation: number): boolean;
  /** A vendor answer that means "token expired" without (or besides) a 401 status. */
  isExpiredResponse?(status: number, body: unknown): boolean;
  /** Every value that must never appear in an error or log: configured secrets and live tokens. */
  secretValues(): string[];
  /** Subscribes to token refreshes (telemetry); returns the unsubscribe function. */
  onEvent?(listener: (event: AuthEvent) => void): () => void;
}

export function noAuth(): AuthScheme {
  return {
    type: 'none',
    credentials: () => Promise.resolve({ headers: {}, generation: 0 }),
    invalidate: () => false,
    secretValues: () => [],
  };
}
