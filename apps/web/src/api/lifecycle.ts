// The asset lifecycle, copied by hand from packages/domain/src/lifecycle.ts: importing '@steward/domain'
// would pull zod into the bundle (~80 kB). domain-copy.test.ts fails when the copy drifts.

export const LIFECYCLE_STATES = [
  'ordered',
  'received',
  'in_stock',
  'deployed',
  'in_repair',
  'lost',
  'stolen',
  'retired',
  'disposed',
] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

export const DISPOSAL_METHODS = ['recycled', 'donated', 'destroyed', 'sold', 'returned_to_lessor'] as const;
export type DisposalMethod = (typeof DISPOSAL_METHODS)[number];

/** Which states each state may move to; the server refuses anything else (409 illegal_transition). */
export const LIFECYCLE_TRANSITIONS: Record<LifecycleState, readonly LifecycleState[]> = {
  ordered: ['received', 'in_stock', 'lost', 'stolen'],
  received: ['in_stock', 'deployed', 'in_repair', 'lost', 'stolen', 'retired'],
  in_stock: ['deployed', 'in_repair', 'lost', 'stolen', 'retired'],
  deployed: ['in_stock', 'in_repair', 'lost', 'stolen', 'retired'],
  in_repair: ['in_stock', 'deployed', 'lost', 'stolen', 'retired'],
  lost: ['in_stock', 'deployed', 'retired'],
  stolen: ['in_stock', 'deployed', 'retired'],
  retired: ['in_stock', 'disposed'],
  disposed: [],
};

export function isLifecycleState(v: unknown): v is LifecycleState {
  return typeof v === 'string' && (LIFECYCLE_STATES as readonly string[]).includes(v);
}

export const STATE_LABELS: Record<LifecycleState, string> = {
  ordered: 'Ordered',
  received: 'Received',
  in_stock: 'In stock',
  deployed: 'Deployed',
  in_repair: 'In repair',
  lost: 'Lost',
  stolen: 'Stolen',
  retired: 'Retired',
  disposed: 'Disposed',
};

export const STATE_COLORS: Record<LifecycleState, string> = {
  ordered: 'gray',
  received: 'cyan',
  in_stock: 'blue',
  deployed: 'green',
  in_repair: 'orange',
  lost: 'red',
  stolen: 'red',
  retired: 'dark',
  disposed: 'gray',
};

export function stateLabel(state: string | null | undefined): string {
  return isLifecycleState(state) ? STATE_LABELS[state] : (state ?? '—');
}

/** "returned_to_lessor" → "Returned to lessor". */
export function humanize(value: string): string {
  const s = value.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
