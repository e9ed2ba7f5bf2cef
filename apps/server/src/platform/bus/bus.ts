/**
 * Publish/subscribe between the parts of Steward, in one process or across many.
 * Subjects are dot-separated tokens; subscriptions may use `*` (one token) and `>` (the rest),
 * with the same meaning as NATS so both implementations behave identically.
 */
export interface BusMessage<T = unknown> {
  subject: string;
  data: T;
}

export type BusHandler = (message: BusMessage) => void | Promise<void>;

export interface SubscribeOptions {
  /** Members of one queue group share the messages: each message goes to one of them. */
  queue?: string;
}

export interface Subscription {
  unsubscribe(): Promise<void>;
}

export interface Bus {
  readonly kind: 'memory' | 'nats';
  publish(subject: string, data: unknown): Promise<void>;
  subscribe(pattern: string, handler: BusHandler, options?: SubscribeOptions): Promise<Subscription>;
  /** Resolves once everything published so far has reached the transport (and, for NATS, the server). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const TOKEN = /^[^\s.*>]+$/;

export function assertSubject(subject: string): void {
  if (!subject.split('.').every((t) => TOKEN.test(t))) {
    throw new Error(`invalid bus subject "${subject}"`);
  }
}

export function assertPattern(pattern: string): void {
  const tokens = pattern.split('.');
  tokens.forEach((t, i) => {
    const ok = TOKEN.test(t) || t === '*' || (t === '>' && i === tokens.length - 1);
    if (!ok) throw new Error(`invalid bus subscription pattern "${pattern}"`);
  });
}

export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}
