import { z } from 'zod';

/**
 * The life of an asset, from the purchase order to the certificate of destruction.
 * Legal hold is deliberately not a state: it is a flag that blocks disposal, wipe and deletion
 * whatever state the asset is in.
 */
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
export const lifecycleStateSchema = z.enum(LIFECYCLE_STATES);
export type LifecycleState = z.infer<typeof lifecycleStateSchema>;

export const DISPOSAL_METHODS = ['recycled', 'donated', 'destroyed', 'sold', 'returned_to_lessor'] as const;
export const disposalMethodSchema = z.enum(DISPOSAL_METHODS);
export type DisposalMethod = z.infer<typeof disposalMethodSchema>;

/** Which states each state may move to. Anything else is an illegal transition (HTTP 409). */
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

export function allowedTransitions(from: LifecycleState): readonly LifecycleState[] {
  return LIFECYCLE_TRANSITIONS[from];
}

/** What a transition needs besides being allowed: the reasons it is refused, if any. */
export interface TransitionCheck {
  from: LifecycleState;
  to: LifecycleState;
  legalHold: boolean;
  disposalMethod?: DisposalMethod | undefined;
  hasDestructionCertificate: boolean;
}

export type TransitionRefusal =
  | { kind: 'illegal'; allowed: readonly LifecycleState[] }
  | { kind: 'legal_hold' }
  | { kind: 'disposal_method_required' }
  | { kind: 'certificate_required' };

/** Pure rule check; the service turns a refusal into the right HTTP error. */
export function checkTransition(c: TransitionCheck): TransitionRefusal | undefined {
  const allowed = allowedTransitions(c.from);
  if (!allowed.includes(c.to)) return { kind: 'illegal', allowed };
  if (c.to === 'disposed') {
    if (c.legalHold) return { kind: 'legal_hold' };
    if (!c.disposalMethod) return { kind: 'disposal_method_required' };
    if (c.disposalMethod === 'destroyed' && !c.hasDestructionCertificate)
      return { kind: 'certificate_required' };
  }
  return undefined;
}
