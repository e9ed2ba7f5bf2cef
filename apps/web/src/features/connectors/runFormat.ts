import type { ActionStatus, Run } from './connectors.types.js';

/** The counts a run history shows, in order. */
export const RUN_COUNT_KEYS = ['read', 'created', 'updated', 'unchanged', 'failed'] as const;

export const RUN_STATUS_COLOR: Record<Run['status'], string> = {
  queued: 'gray',
  running: 'blue',
  succeeded: 'green',
  failed: 'red',
};

/** "850 ms", "12.4 s", "3 min 5 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** When the run last did something: finished, else started, else queued. */
export function runTime(run: Run): string {
  return run.finishedAt ?? run.startedAt ?? run.queuedAt;
}

export const ACTION_STATUS_COLOR: Record<ActionStatus, string> = {
  running: 'blue',
  succeeded: 'green',
  accepted: 'teal',
  failed: 'red',
};
