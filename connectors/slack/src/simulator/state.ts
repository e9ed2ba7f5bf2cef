import { randomBytes } from 'node:crypto';

/** How a hook answers: live, or one of Slack's permanent refusals. */
export type HookStatus = 'active' | 'archived' | 'channel_not_found' | 'prohibited';

export interface SimHook {
  /** `/services/T…/B…/…`: the hook's whole identity, and its secret. */
  path: string;
  channel: string;
  status: HookStatus;
}

export interface PostedMessage {
  /** The hook's path. */
  hook: string;
  channel: string;
  text?: string;
  blocks?: unknown[];
  unfurlLinks?: boolean;
  receivedAt: string;
}

/** Slack's pace per hook: about one message a second, with short bursts allowed. */
export interface HookRateLimit {
  perSecond: number;
  burst: number;
}

export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALNUM = `${UPPER}abcdefghijklmnopqrstuvwxyz`;
const pick = (alphabet: string, n: number): string =>
  [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join('');

/** The workspace's hooks, the messages they accepted, and a token bucket per hook. */
export class SlackSimulatorState {
  readonly hooks = new Map<string, SimHook>();
  /** Every accepted message, in order. */
  readonly messages: PostedMessage[] = [];
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly team = `T${pick(UPPER, 10)}`;

  constructor(
    readonly rateLimit: HookRateLimit,
    private readonly now: () => number = Date.now,
  ) {
    if (!(rateLimit.perSecond > 0) || !(rateLimit.burst >= 1))
      throw new Error('Slack simulator: perSecond must be > 0 and burst >= 1.');
  }

  /** A hook for `channel` in the shape Slack issues: team, bot and a 24-character secret. */
  addHook(channel: string, status: HookStatus = 'active'): SimHook {
    const hook: SimHook = {
      path: `/services/${this.team}/B${pick(UPPER, 10)}/${pick(ALNUM, 24)}`,
      channel,
      status,
    };
    this.hooks.set(hook.path, hook);
    return hook;
  }

  messagesOf(hook: SimHook): PostedMessage[] {
    return this.messages.filter((m) => m.hook === hook.path);
  }

  /** Counts one request against the hook's bucket. */
  take(path: string): RateVerdict {
    const bucket = this.refill(path);
    if (bucket.tokens >= 1) {
      bucket.tokens--;
      return { allowed: true };
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / this.rateLimit.perSecond));
    return { allowed: false, retryAfterSeconds };
  }

  /** Another integration posts `n` messages through the same hook, spending its burst. */
  spend(path: string, n: number): void {
    const bucket = this.refill(path);
    bucket.tokens = Math.max(0, bucket.tokens - n);
  }

  private refill(path: string): { tokens: number; at: number } {
    const now = this.now();
    const bucket = this.buckets.get(path) ?? { tokens: this.rateLimit.burst, at: now };
    bucket.tokens = Math.min(
      this.rateLimit.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * this.rateLimit.perSecond,
    );
    bucket.at = now;
    this.buckets.set(path, bucket);
    return bucket;
  }
}
