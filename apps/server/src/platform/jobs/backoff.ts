export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 1_000, maxMs: 60 * 60 * 1_000 };

/**
 * Delay before attempt n+1 after n failed attempts: base·2^(n-1), capped, with ±20 % jitter so
 * jobs that failed together do not all return at the same instant.
 */
export function backoffDelay(failedAttempts: number, options: BackoffOptions, random = Math.random): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, failedAttempts - 1));
  const jitter = exp * 0.2 * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(options.maxMs, exp + jitter)));
}
