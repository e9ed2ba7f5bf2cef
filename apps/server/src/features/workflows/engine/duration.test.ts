import { expect, it } from 'vitest';
import { durationMs } from './duration.js';

it('reads day, hour, minute and second durations', () => {
  expect(durationMs('P30D')).toBe(30 * 86_400_000);
  expect(durationMs('PT4H')).toBe(4 * 3_600_000);
  expect(durationMs('P1DT12H30M5S')).toBe(86_400_000 + 12 * 3_600_000 + 30 * 60_000 + 5000);
  expect(() => durationMs('30 days')).toThrow(/Not a duration/);
});
