import { describe, expect, it } from 'vitest';
import { checkSchedule, firesAt, nextFire } from './schedule.js';

describe('connector schedules', () => {
  it('finds the next fire time in the schedule’s time zone', () => {
    const after = new Date('2026-07-01T10:30:00Z');
    // 09:00 in London during summer time is 08:00 UTC.
    expect(nextFire('0 9 * * *', 'Europe/London', after)?.toISOString()).toBe('2026-07-02T08:00:00.000Z');
    expect(nextFire('0 9 * * *', 'UTC', after)?.toISOString()).toBe('2026-07-02T09:00:00.000Z');
    expect(nextFire(null, 'UTC', after)).toBeNull();
  });

  it('tells a timer set under an older schedule from a current one', () => {
    expect(firesAt('0 */6 * * *', 'UTC', new Date('2026-07-01T12:00:00Z'))).toBe(true);
    expect(firesAt('0 */6 * * *', 'UTC', new Date('2026-07-01T13:00:00Z'))).toBe(false);
    expect(firesAt(null, 'UTC', new Date('2026-07-01T12:00:00Z'))).toBe(false);
  });

  it('names the field of a bad cron expression or time zone', () => {
    expect(() => checkSchedule('61 * * * *', 'UTC')).toThrow(/schedule/);
    let caught: unknown;
    try {
      checkSchedule('0 * * * *', 'Nowhere/Land');
    } catch (e) {
      caught = e;
    }
    expect((caught as { details?: { path: string }[] } | undefined)?.details?.[0]?.path).toBe(
      'body.timeZone',
    );
    expect(() => checkSchedule('*/15 * * * *', 'America/New_York')).not.toThrow();
  });
});
