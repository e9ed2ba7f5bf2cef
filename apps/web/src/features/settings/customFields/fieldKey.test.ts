import { describe, expect, it } from 'vitest';
import { customFieldKeySchema } from '@steward/domain';
import { keyFromLabel, keyProblem, KEY_PREFIX } from './fieldKey.js';

describe('a custom field’s key', () => {
  it('is suggested from the label', () => {
    expect(keyFromLabel('Cost centre')).toBe('cost_centre');
    expect(keyFromLabel('  Écran 27" (4K) ')).toBe('ecran_27_4k');
    expect(keyFromLabel('2nd owner')).toBe('nd_owner');
    expect(keyFromLabel('x'.repeat(80))).toHaveLength(47);
  });

  it('is checked as the domain checks it', () => {
    for (const suffix of [
      'cost_centre',
      'a',
      'a1_b2',
      'Cost',
      '1abc',
      'a-b',
      'x'.repeat(47),
      'x'.repeat(48),
    ]) {
      const domainOk = customFieldKeySchema.safeParse(`${KEY_PREFIX}${suffix}`).success;
      expect(keyProblem(suffix) === null, suffix).toBe(domainOk);
    }
    for (const label of ['Cost centre', 'Écran 27"', 'x'.repeat(80)])
      expect(customFieldKeySchema.safeParse(`${KEY_PREFIX}${keyFromLabel(label)}`).success).toBe(true);
  });
});
