// Where a chain of steps in one job stops: before a step that waits, before an acting step of a run that
// was cancelled, at a step that fails (left to its own job), and after MAX_CHAIN_STEPS.
import { describe, expect, it } from 'vitest';
import { systemContext } from '../../../platform/auth/index.js';
import { FakeClock } from '../../../test/clock.js';
import { workflowDefinitionSchema, type WorkflowDefinition } from '../definition.schemas.js';
import type { WorkflowDeps } from '../deps.js';
import { MAX_CHAIN_STEPS, runChain } from './chain.js';
import type { StepContext } from './context.js';
import type { RunRow } from './run.repo.js';

const run = { id: 'run1', tenant_id: 't1', subject_id: null } as RunRow;

function chainFrom(definition: WorkflowDefinition, stillRunning = async () => true) {
  const scope: StepContext = {
    subject: null,
    input: { n: 2 },
    vars: {},
    steps: {},
    trigger: null,
    run: { id: run.id, workflowId: 'w1', version: 1 },
    now: new Date().toISOString(),
  };
  // Only conditions and variables run here: they read their scope and the clock, nothing else.
  const deps = { clock: new FakeClock() } as unknown as WorkflowDeps;
  return runChain({
    run,
    definition,
    env: { deps, ctx: systemContext('t1', 'test'), scope, path: definition.start, idempotencyKey: 'k' },
    outcome: { type: 'done', output: { holds: true }, next: 'double', vars: {} },
    stillRunning,
  });
}

const define = (steps: unknown[]) =>
  workflowDefinitionSchema.parse({ name: 'chain', trigger: { type: 'manual' }, start: 'first', steps });

describe('a chain of steps in one job', () => {
  const head = [
    { id: 'first', type: 'condition', if: 'true', then: 'double', else: null },
    { id: 'double', type: 'set_variable', variable: 'twice', value: 'input.n * 2', next: 'more' },
  ];

  it('runs what can finish at once, sees earlier steps, and stops before a wait', async () => {
    const chain = await chainFrom(
      define([
        ...head,
        { id: 'more', type: 'set_variable', variable: 'plus', value: 'vars.twice + 1', next: 'pause' },
        { id: 'pause', type: 'wait', for: 'PT1H', next: null },
      ]),
    );
    expect(chain.steps.map((s) => [s.path, s.output])).toEqual([
      ['double', { twice: 4 }],
      ['more', { plus: 5 }],
    ]);
    expect(chain.vars).toEqual({ twice: 4, plus: 5 });
    expect(chain.next).toEqual({ type: 'step', path: 'pause' });
  });

  it('ends with the run when the last step does', async () => {
    const chain = await chainFrom(
      define([...head, { id: 'more', type: 'condition', if: 'vars.twice = 4', then: null, else: null }]),
    );
    expect(chain.steps.map((s) => s.path)).toEqual(['double', 'more']);
    expect(chain.next).toEqual({ type: 'run_done' });
  });

  it('does not act for a run that was cancelled, and leaves a failing step to its own job', async () => {
    const acting = define([
      ...head,
      { id: 'more', type: 'notify_slack', instance: 'Slack', text: 'hello', next: null },
    ]);
    const cancelled = await chainFrom(acting, async () => false);
    expect(cancelled.steps.map((s) => s.path)).toEqual(['double']);
    expect(cancelled.next).toEqual({ type: 'step', path: 'more' });

    const failing = await chainFrom(
      define([
        ...head,
        { id: 'more', type: 'set_variable', variable: 'x', value: '$error("no")', next: null },
      ]),
    );
    expect(failing.steps.map((s) => s.path)).toEqual(['double']);
    expect(failing.vars).toEqual({ twice: 4 });
    expect(failing.next).toEqual({ type: 'step', path: 'more' });
  });

  it(`stops after ${MAX_CHAIN_STEPS} steps so a long run records progress`, async () => {
    const n = MAX_CHAIN_STEPS + 10;
    const long = Array.from({ length: n }, (_, i) => ({
      id: `s${i}`,
      type: 'set_variable',
      variable: `v${i}`,
      value: `${i}`,
      next: i + 1 < n ? `s${i + 1}` : null,
    }));
    const chain = await chainFrom(
      define([
        { id: 'first', type: 'condition', if: 'true', then: 'double', else: null },
        { id: 'double', type: 'set_variable', variable: 'twice', value: '2', next: 's0' },
        ...long,
      ]),
    );
    expect(chain.steps).toHaveLength(MAX_CHAIN_STEPS);
    expect(chain.next).toEqual({ type: 'step', path: `s${MAX_CHAIN_STEPS - 1}` });
  });
});
