// Pure checks and arithmetic for the schedule and date triggers: definition.check.ts uses them when a
// definition is saved, the trigger jobs when they run. Nothing here touches the database.
import { Cron } from 'croner';
import { ASSET_ATTRIBUTE_BY_KEY, PERSON_ATTRIBUTE_BY_KEY, type ErrorDetail } from '@steward/domain';
import type { Trigger } from '../definition.schemas.js';

type ScheduleTrigger = Extract<Trigger, { type: 'schedule' }>;
type DateTrigger = Extract<Trigger, { type: 'date_approaching' }>;

const cronOf = (t: Pick<ScheduleTrigger, 'cron' | 'timeZone'>) =>
  new Cron(t.cron, { timezone: t.timeZone, mode: '5-or-6-parts', paused: true });

function validTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function scheduleProblems(t: ScheduleTrigger, at: string): ErrorDetail[] {
  if (!validTimeZone(t.timeZone))
    return [{ path: `${at}.timeZone`, reason: `unknown IANA time zone "${t.timeZone}"` }];
  try {
    if (!cronOf(t).nextRun()) return [{ path: `${at}.cron`, reason: 'never fires' }];
    return [];
  } catch (e) {
    const reason = e instanceof Error ? e.message.replace(/^CronPattern: /, '') : 'not a cron expression';
    return [{ path: `${at}.cron`, reason: `not a 5- or 6-field cron expression: ${reason}` }];
  }
}

/** The built-in date attributes of a kind; custom fields (`cf_…`) are checked against the tenant's when scanned. */
export function builtInDateColumn(kind: DateTrigger['kind'], attribute: string): string | undefined {
  const def =
    kind === 'asset' ? ASSET_ATTRIBUTE_BY_KEY.get(attribute) : PERSON_ATTRIBUTE_BY_KEY.get(attribute);
  return def?.type === 'date' ? def.column : undefined;
}

function dateProblems(t: DateTrigger, at: string): ErrorDetail[] {
  if (builtInDateColumn(t.kind, t.attribute) || /^cf_[a-z][a-z0-9_]{0,46}$/.test(t.attribute)) return [];
  return [
    {
      path: `${at}.attribute`,
      reason: `not a date attribute of ${t.kind === 'asset' ? 'an asset' : 'a person'} nor a custom field (cf_…)`,
    },
  ];
}

/** Problems with a trigger that its shape does not show: a cron that does not parse, an unknown attribute. */
export function triggerProblems(trigger: Trigger, at: string): ErrorDetail[] {
  if (trigger.type === 'schedule') return scheduleProblems(trigger, at);
  if (trigger.type === 'date_approaching') return dateProblems(trigger, at);
  return [];
}

/** The first fire time strictly after `after`, or null when there is none. */
export function nextFire(t: Pick<ScheduleTrigger, 'cron' | 'timeZone'>, after: Date): Date | null {
  return cronOf(t).nextRun(after) ?? null;
}

/** The latest fire time at or before `at`, or null when there is none. */
export function latestFire(t: Pick<ScheduleTrigger, 'cron' | 'timeZone'>, at: Date): Date | null {
  // previousRuns excludes the reference itself; a millisecond later includes a fire exactly at `at`.
  const [last] = cronOf(t).previousRuns(1, new Date(at.getTime() + 1));
  return last && last.getTime() <= at.getTime() ? last : null;
}

/** True when `at` is a fire time of the schedule (a timer set under an older schedule is not). */
export function firesAt(t: Pick<ScheduleTrigger, 'cron' | 'timeZone'>, at: Date): boolean {
  return nextFire(t, new Date(at.getTime() - 1))?.getTime() === at.getTime();
}
