import { describe, expect, it } from 'vitest';
import { LIFECYCLE_STATES, checkTransition, type LifecycleState } from './lifecycle.js';

const base = { legalHold: false, hasDestructionCertificate: false };

describe('lifecycle state machine', () => {
  it('walks the whole life from order to disposal', () => {
    const path: LifecycleState[] = [
      'ordered',
      'received',
      'in_stock',
      'deployed',
      'in_repair',
      'deployed',
      'retired',
    ];
    for (let i = 1; i < path.length; i++) {
      expect(checkTransition({ ...base, from: path[i - 1]!, to: path[i]! })).toBeUndefined();
    }
    expect(
      checkTransition({ ...base, from: 'retired', to: 'disposed', disposalMethod: 'recycled' }),
    ).toBeUndefined();
  });

  it('refuses illegal transitions and names the allowed ones', () => {
    expect(checkTransition({ ...base, from: 'ordered', to: 'deployed' })).toEqual({
      kind: 'illegal',
      allowed: ['received', 'in_stock', 'lost', 'stolen'],
    });
    expect(
      checkTransition({ ...base, from: 'deployed', to: 'disposed', disposalMethod: 'recycled' }),
    ).toMatchObject({ kind: 'illegal' });
    for (const to of LIFECYCLE_STATES) {
      expect(checkTransition({ ...base, from: 'disposed', to })).toEqual({ kind: 'illegal', allowed: [] });
    }
  });

  it('refuses disposal under legal hold, without a method, or destruction without a certificate', () => {
    expect(
      checkTransition({
        ...base,
        legalHold: true,
        from: 'retired',
        to: 'disposed',
        disposalMethod: 'recycled',
      }),
    ).toEqual({ kind: 'legal_hold' });
    expect(checkTransition({ ...base, from: 'retired', to: 'disposed' })).toEqual({
      kind: 'disposal_method_required',
    });
    expect(
      checkTransition({ ...base, from: 'retired', to: 'disposed', disposalMethod: 'destroyed' }),
    ).toEqual({ kind: 'certificate_required' });
    expect(
      checkTransition({
        ...base,
        hasDestructionCertificate: true,
        from: 'retired',
        to: 'disposed',
        disposalMethod: 'destroyed',
      }),
    ).toBeUndefined();
  });

  it('lets an asset under legal hold move between other states', () => {
    expect(checkTransition({ ...base, legalHold: true, from: 'deployed', to: 'in_stock' })).toBeUndefined();
  });
});
