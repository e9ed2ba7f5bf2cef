import { describe, expect, it } from 'vitest';
import { formatDuration, timelineBars } from './runTimeline.js';
import type { StepRun, WorkflowRun } from './workflows.types.js';

const t0 = Date.parse('2030-01-01T00:00:00Z');
const at = (s: number) => new Date(t0 + s * 1000).toISOString();
const step = (stepId: string, from: number, to: number | null, status: StepRun['status']): StepRun => ({
  path: stepId,
  stepId,
  type: 'set_variable',
  status,
  attempts: 1,
  output: null,
  error: null,
  wakeAt: null,
  startedAt: at(from),
  finishedAt: to === null ? null : at(to),
  durationMs: to === null ? null : (to - from) * 1000,
});
const run = (steps: StepRun[], finished: number | null): WorkflowRun => ({
  id: 'r',
  workflowId: 'w',
  version: 1,
  status: finished === null ? 'running' : 'succeeded',
  trigger: { type: 'manual' },
  subjectId: null,
  input: {},
  vars: {},
  error: null,
  createdAt: at(0),
  finishedAt: finished === null ? null : at(finished),
  steps,
});

describe('the run timeline', () => {
  it('places each step’s bar on the run’s span', () => {
    const bars = timelineBars(run([step('a', 0, 2, 'succeeded'), step('b', 2, 10, 'succeeded')], 10), 0);
    expect(bars.map((b) => [b.step.stepId, b.offset, b.width, b.open])).toEqual([
      ['a', 0, 20, false],
      ['b', 20, 80, false],
    ]);
  });

  it('runs an open step’s bar to now while the run goes on, and never draws a bar too thin to see', () => {
    const bars = timelineBars(
      run([step('a', 0, 0, 'succeeded'), step('w', 0, null, 'waiting')], null),
      t0 + 4000,
    );
    expect(bars[0]).toMatchObject({ offset: 0, width: 0.5, open: false });
    expect(bars[1]).toMatchObject({ offset: 0, width: 100, open: true });
  });

  it('says durations the way people do', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(2400)).toBe('2.4 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(2 * 3600_000 + 600_000)).toBe('2 h 10 min');
    expect(formatDuration(30 * 86_400_000)).toBe('30 d');
  });
});
