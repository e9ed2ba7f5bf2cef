// What the simulated Mimecast account holds, inspectable by tests: managed senders, blocked-sender
// policies, and switches for failures only a stateful fake can produce.

export type ManagedSenderType = 'Block' | 'Permit';

export interface ManagedSenderEntry {
  id: string;
  sender: string;
  /** Absent: the entry applies to every user of the account. */
  to?: string;
  type: ManagedSenderType;
  updatedAt: string;
}

export const ADDRESS_TYPES = [
  'everyone',
  'internal_addresses',
  'external_addresses',
  'email_domain',
  'individual_email_address',
] as const;
export type SimAddressType = (typeof ADDRESS_TYPES)[number];
export const FROM_PARTS = ['envelope_from', 'header_from', 'both'] as const;

export interface PolicyEntry {
  id: string;
  option: 'block_sender';
  policy: {
    description: string;
    fromPart: (typeof FROM_PARTS)[number];
    fromType: SimAddressType;
    fromValue?: string;
    toType: SimAddressType;
    toValue?: string;
    enabled: boolean;
    createTime: string;
  };
}

export interface AccountInfo {
  accountName: string;
  accountCode: string;
  region: string;
}

export interface RecordedCall {
  path: string;
  body: unknown;
}

const opaqueId = (kind: string, n: number): string =>
  `eNo${Buffer.from(`${kind}:${n}:steward-sim`).toString('base64url')}`;

export class MimecastState {
  /** By `sender|to` (to `*` for all users): one entry per pair, its type flipped by block/permit. */
  readonly managedSenders = new Map<string, ManagedSenderEntry>();
  /** In creation order, which is get-policy's order. */
  policies: PolicyEntry[] = [];
  /** Bodies of every authenticated API call that reached a handler, in order. */
  readonly calls: RecordedCall[] = [];
  /** Per path: the next `n` calls answer HTTP 200 with every item failed `retryable: true`. */
  readonly transientFailures = new Map<string, number>();
  /** Per path: the next `n` calls take effect but their answer is lost (a 502). */
  readonly loseAnswers = new Map<string, number>();
  private counter = 0;

  constructor(
    readonly account: AccountInfo,
    private readonly now: () => number = Date.now,
  ) {}

  setSender(sender: string, to: string | undefined, type: ManagedSenderType): ManagedSenderEntry {
    const key = `${sender.toLowerCase()}|${to?.toLowerCase() ?? '*'}`;
    const existing = this.managedSenders.get(key);
    const entry: ManagedSenderEntry = {
      id: existing?.id ?? opaqueId('managedsender', ++this.counter),
      sender: sender.toLowerCase(),
      ...(to ? { to: to.toLowerCase() } : {}),
      type,
      updatedAt: new Date(this.now()).toISOString(),
    };
    this.managedSenders.set(key, entry);
    return entry;
  }

  senderEntry(sender: string, to?: string): ManagedSenderEntry | undefined {
    return this.managedSenders.get(`${sender.toLowerCase()}|${to?.toLowerCase() ?? '*'}`);
  }

  addPolicy(policy: Omit<PolicyEntry['policy'], 'enabled' | 'createTime'>): PolicyEntry {
    const entry: PolicyEntry = {
      id: opaqueId('blockedsenderpolicy', ++this.counter),
      option: 'block_sender',
      policy: { ...policy, enabled: true, createTime: new Date(this.now()).toISOString() },
    };
    this.policies.push(entry);
    return entry;
  }

  policy(id: string): PolicyEntry | undefined {
    return this.policies.find((p) => p.id === id);
  }

  deletePolicy(id: string): boolean {
    const before = this.policies.length;
    this.policies = this.policies.filter((p) => p.id !== id);
    return this.policies.length < before;
  }

  /** Whether this call to `path` fails retryably; counts one down. */
  takeTransientFailure(path: string): boolean {
    return countDown(this.transientFailures, path);
  }

  /** Whether this answer to `path` is to be lost; counts one down. */
  takeLostAnswer(path: string): boolean {
    return countDown(this.loseAnswers, path);
  }
}

function countDown(counts: Map<string, number>, path: string): boolean {
  const left = counts.get(path) ?? 0;
  if (left <= 0) return false;
  counts.set(path, left - 1);
  return true;
}
