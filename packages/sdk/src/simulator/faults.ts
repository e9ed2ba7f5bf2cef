/**
 * Faults a simulator injects on request, to prove a connector survives them: a burst of 5xx, 429 with or
 * without the vendor's retry headers, slow responses, and every issued token expiring mid-sync. Malformed
 * records are the vendor simulator's business (it knows its record shape): see `malformedEvery`.
 */
export type Fault =
  /** The next `times` matching requests answer `status` (default 503) in the vendor's error envelope. */
  | { type: 'server_error'; times: number; status?: number; after?: number; path?: string }
  /** The next `times` matching requests answer 429; `retryAfterSeconds` absent means no retry header. */
  | { type: 'rate_limit'; times: number; retryAfterSeconds?: number; after?: number; path?: string }
  /** The next `times` matching requests wait `ms` before answering. */
  | { type: 'delay'; times: number; ms: number; after?: number; path?: string }
  /** After `after` matching requests, every token issued so far stops working (expiry mid-sync). */
  | { type: 'expire_tokens'; after?: number; path?: string }
  /** The connection is dropped without an answer (a network error for the client). */
  | { type: 'drop_connection'; times: number; after?: number; path?: string };

export type FaultType = Fault['type'];

interface Armed {
  fault: Fault;
  /** Matching requests still to let through before the fault fires. */
  skip: number;
  left: number;
}

/** What the simulator must do to this request, decided by the armed faults. */
export type FaultAction =
  | { type: 'server_error'; status: number }
  | { type: 'rate_limit'; retryAfterSeconds: number | undefined }
  | { type: 'drop_connection' };

export class FaultPlan {
  private armed: Armed[] = [];
  /** Every fault that fired, in order: tests assert the fault really happened. */
  readonly fired: FaultType[] = [];

  inject(...faults: Fault[]): this {
    for (const fault of faults) {
      const times = 'times' in fault ? fault.times : 1;
      this.armed.push({ fault, skip: fault.after ?? 0, left: times });
    }
    return this;
  }

  clear(): void {
    this.armed = [];
  }

  /** Faults not yet used up. */
  get pending(): number {
    return this.armed.length;
  }

  /**
   * Consults the plan for one request. `expireTokens` is called when an expiry fires; the returned delay
   * (ms) is applied before any answer.
   */
  next(path: string, expireTokens: () => void): { delayMs: number; action: FaultAction | undefined } {
    let delayMs = 0;
    let action: FaultAction | undefined;
    for (const armed of this.armed) {
      const f = armed.fault;
      if (f.path !== undefined && !path.startsWith(f.path)) continue;
      if (armed.skip > 0) {
        armed.skip--;
        continue;
      }
      if (f.type === 'delay') {
        delayMs += f.ms;
        armed.left--;
        this.fired.push(f.type);
        continue;
      }
      if (f.type === 'expire_tokens') {
        expireTokens();
        armed.left = 0;
        this.fired.push(f.type);
        continue;
      }
      if (action) continue;
      armed.left--;
      this.fired.push(f.type);
      if (f.type === 'server_error') action = { type: 'server_error', status: f.status ?? 503 };
      else if (f.type === 'rate_limit')
        action = { type: 'rate_limit', retryAfterSeconds: f.retryAfterSeconds };
      else action = { type: 'drop_connection' };
    }
    this.armed = this.armed.filter((a) => a.left > 0);
    return { delayMs, action };
  }
}
