// A run's steps on one time axis (from the run's start to its end, or now while it runs), for the
// per-step duration bars; and durations for people. Pure, so it is unit-tested.
import type { StepRun, WorkflowRun } from './workflows.types.js';

export interface StepBar {
  step: StepRun;
  /** Where the bar starts and how long it is, in percent of the run's span. */
  offset: number;
  width: number;
  /** Still going (running, or waiting for its wake time). */
  open: boolean;
}

const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : Number.NaN);

export function timelineBars(run: WorkflowRun, now: number): StepBar[] {
  const start = ms(run.createdAt);
  const endOf = (s: StepRun) => (Number.isNaN(ms(s.finishedAt)) ? now : ms(s.finishedAt));
  const runEnd = Number.isNaN(ms(run.finishedAt)) ? now : ms(run.finishedAt);
  const end = Math.max(runEnd, ...run.steps.map(endOf));
  const span = Math.max(end - start, 1);
  return run.steps.map((step) => {
    const from = Math.max(ms(step.startedAt), start);
    const to = Math.max(endOf(step), from);
    const offset = Math.min(((from - start) / span) * 100, 99.5);
    return {
      step,
      offset,
      width: Math.min(Math.max(((to - from) / span) * 100, 0.5), 100 - offset),
      open: step.finishedAt === null,
    };
  });
}

/** 850 ms, 2.4 s, 3 min 5 s, 2 h 10 min, 30 d 4 h. */
export function formatDuration(millis: number | null | undefined): string {
  if (millis === null || millis === undefined || Number.isNaN(millis)) return '—';
  if (millis < 1000) return `${Math.round(millis)} ms`;
  const s = millis / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const parts = (big: number, bigUnit: string, small: number, smallUnit: string) =>
    small > 0 ? `${big} ${bigUnit} ${small} ${smallUnit}` : `${big} ${bigUnit}`;
  const total = Math.floor(s);
  if (total < 3600) return parts(Math.floor(total / 60), 'min', total % 60, 's');
  if (total < 86_400) return parts(Math.floor(total / 3600), 'h', Math.floor((total % 3600) / 60), 'min');
  return parts(Math.floor(total / 86_400), 'd', Math.floor((total % 86_400) / 3600), 'h');
}

export const RUN_COLORS: Record<string, string> = {
  queued: 'cyan',
  running: 'blue',
  waiting: 'yellow',
  succeeded: 'green',
  failed: 'red',
  skipped: 'gray',
  cancelled: 'gray',
};
