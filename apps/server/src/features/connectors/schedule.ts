import { Cron } from 'croner';
import { errors } from '@steward/domain';

/** Validates a cron expression and time zone, naming the field that is wrong. */
export function checkSchedule(schedule: string | null | undefined, timeZone: string, prefix = 'body'): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw errors.validation('The time zone is not valid.', [
      { path: `${prefix}.timeZone`, reason: `unknown IANA time zone "${timeZone}"` },
    ]);
  }
  if (!schedule) return;
  try {
    new Cron(schedule, { timezone: timeZone, paused: true });
  } catch (e) {
    throw errors.validation('The schedule is not a valid cron expression.', [
      { path: `${prefix}.schedule`, reason: e instanceof Error ? e.message : 'invalid cron expression' },
    ]);
  }
}

/** The first fire time strictly after `after`, or null when there is none. */
export function nextFire(schedule: string | null, timeZone: string, after: Date): Date | null {
  if (!schedule) return null;
  return new Cron(schedule, { timezone: timeZone, paused: true }).nextRun(after) ?? null;
}

/** True when `at` is a fire time of the schedule (a timer set under an older schedule is not). */
export function firesAt(schedule: string | null, timeZone: string, at: Date): boolean {
  const next = nextFire(schedule, timeZone, new Date(at.getTime() - 1000));
  return next !== null && next.getTime() === at.getTime();
}
