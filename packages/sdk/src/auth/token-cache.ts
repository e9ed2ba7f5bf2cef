import type { AuthEvent, TokenRefreshReason } from './auth-scheme.js';

export interface FetchedToken {
  accessToken: string;
  expiresInSeconds: number;
}

export interface TokenCacheOptions {
  /** Refresh this long before expiry (default 60 s), but never earlier than half the token's lifetime. */
  skewSeconds?: number;
  now?: () => number;
}

interface CachedToken {
  accessToken: string;
  generation: number;
  refreshAt: number;
}

/**
 * A bearer token obtained on demand and shared by every request of a connector instance. Concurrent
 * callers that find it missing or stale all await the same single fetch.
 */
export class TokenCache {
  private current: CachedToken | undefined;
  private inflight: Promise<CachedToken> | undefined;
  private generation = 0;
  private rejected = false;
  private readonly listeners = new Set<(event: AuthEvent) => void>();
  private readonly skewMs: number;
  private readonly now: () => number;

  constructor(
    private readonly fetchToken: () => Promise<FetchedToken>,
    options: TokenCacheOptions = {},
  ) {
    this.skewMs = (options.skewSeconds ?? 60) * 1000;
    this.now = options.now ?? Date.now;
  }

  async get(): Promise<{ accessToken: string; generation: number }> {
    const cached = this.current;
    if (cached && this.now() < cached.refreshAt) return cached;
    const reason: TokenRefreshReason = this.rejected ? 'rejected' : cached ? 'expiring' : 'initial';
    this.inflight ??= this.refresh(reason).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Drops the token if it is still `generation`; a newer one fetched meanwhile is kept. */
  invalidate(generation: number): void {
    if (this.current?.generation !== generation) return;
    this.current = undefined;
    this.rejected = true;
  }

  currentToken(): string | undefined {
    return this.current?.accessToken;
  }

  onEvent(listener: (event: AuthEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async refresh(reason: TokenRefreshReason): Promise<CachedToken> {
    const started = this.now();
    const token = await this.fetchToken();
    const lifetimeMs = token.expiresInSeconds * 1000;
    // Jamf API clients can have 60 s tokens: a fixed 60 s skew would refetch on every request.
    const refreshInMs = Math.max(lifetimeMs - this.skewMs, lifetimeMs / 2);
    const next: CachedToken = {
      accessToken: token.accessToken,
      generation: ++this.generation,
      refreshAt: started + refreshInMs,
    };
    this.current = next;
    this.rejected = false;
    for (const listener of this.listeners) {
      listener({ type: 'token-refreshed', reason, expiresInSeconds: token.expiresInSeconds });
    }
    return next;
  }
}
