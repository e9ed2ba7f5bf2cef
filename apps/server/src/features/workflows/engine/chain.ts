// Steps that follow one another with nothing to wait for run in the job of the first, instead of one job
// each: the run's context is loaded once, and what they did is recorded in one transaction with what
// comes next. Nothing is lost to a crash in between: the job runs again from its first step, evaluation
// is repeated, and a side effect replays its first outcome by its key `wf:<run>:<path>`, as it would in a
// job of its own.
import { iso } from '../../../platform/db/index.js';
import { COMMON_SECRET_FIELDS, redactSecrets } from '../../../platform/vault/index.js';
import type { Step, StepType, WorkflowDefinition } from '../definition.schemas.js';
import type { StepEnv } from './act.js';
import { subjectScope, type StepContext } from './context.js';
import { continueFrom, stepAt, type Continuation } from './paths.js';
import type { RunRow } from './run.repo.js';
import { runStep, type StepOutcome } from './steps.js';

/** Steps that act outside the run: a chain makes sure the run was not cancelled before each. */
const ACTING: ReadonlySet<StepType> = new Set<StepType>([
  'connector_action',
  'preset',
  'http',
  'notify_slack',
  'notify_email',
  'create_ticket',
  'update_entity',
  'transition',
]);
/** Steps that always finish when they run (or fail): a chain may take them on. */
const CHAINABLE: ReadonlySet<StepType> = new Set<StepType>([...ACTING, 'condition', 'set_variable']);
/** Steps that change Steward's own entities: the subject is read again after one. */
const CHANGES_SUBJECT: ReadonlySet<StepType> = new Set<StepType>(['update_entity', 'transition']);

/** A chain ends after this many steps or this long, so a long one still records progress as it goes. */
export const MAX_CHAIN_STEPS = 50;
const CHAIN_BUDGET_MS = 2_000;

type Done = Extract<StepOutcome, { type: 'done' }>;

export interface ChainedStep {
  path: string;
  step: Step;
  input: unknown;
  output: unknown;
  startedAt: string;
  finishedAt: string;
}

export interface Chain {
  /** The steps run after the first, in order. */
  steps: ChainedStep[];
  /** Variables the chained steps set (on top of the first step's). */
  vars: Record<string, unknown>;
  /** What follows the last step recorded: a step left to its own job, a branch's end or the run's. */
  next: Continuation;
}

/** What a step's output is kept as: the same in the next step's scope as in the run's history. */
export const storedOutput = (output: unknown) => redactSecrets(output ?? null, COMMON_SECRET_FIELDS);

/** The scope after a finished step: its variables and its output visible to what follows. */
function after(scope: StepContext, step: Step, outcome: Done): StepContext {
  return {
    ...scope,
    vars: { ...scope.vars, ...outcome.vars },
    steps: { ...scope.steps, [step.id]: storedOutput(outcome.output) },
  };
}

export interface ChainStart {
  run: RunRow;
  definition: WorkflowDefinition;
  /** The first step's environment, its scope as the step saw it. */
  env: StepEnv;
  outcome: Done;
  /** False once the run was cancelled (read before each acting step). */
  stillRunning: () => Promise<boolean>;
}

/**
 * Runs the steps after a finished one while they can finish at once. A step that fails here is not
 * recorded: it runs again as its own job, where its attempts and backoff count as for any step.
 */
export async function runChain(start: ChainStart): Promise<Chain> {
  const { run, definition, env } = start;
  const began = performance.now();
  const steps: ChainedStep[] = [];
  const vars: Record<string, unknown> = {};
  let path = env.path;
  let step = stepAt(definition, path);
  let outcome = start.outcome;
  let scope = after(env.scope, step, outcome);
  for (;;) {
    const next = continueFrom(path, outcome.next);
    if (next.type !== 'step') return { steps, vars, next };
    const following = stepAt(definition, next.path);
    const spent = steps.length >= MAX_CHAIN_STEPS || performance.now() - began > CHAIN_BUDGET_MS;
    if (spent || !CHAINABLE.has(following.type)) return { steps, vars, next };
    if (ACTING.has(following.type) && !(await start.stillRunning())) return { steps, vars, next };
    if (CHANGES_SUBJECT.has(step.type) && run.subject_id)
      scope = { ...scope, subject: await subjectScope(env.deps, env.ctx, run.subject_id) };
    scope = { ...scope, now: env.deps.clock.now().toISOString() };
    let input: unknown = null;
    const startedAt = iso(env.deps.clock.now());
    let result: StepOutcome;
    try {
      result = await runStep(following, {
        ...env,
        scope,
        path: next.path,
        idempotencyKey: `wf:${run.id}:${next.path}`,
        noteInput: async (i) => {
          input = storedOutput(i);
        },
      });
    } catch {
      return { steps, vars, next };
    }
    // Only steps that finish are chained; anything else is left to a job of its own (keys replay it).
    if (result.type !== 'done') return { steps, vars, next };
    steps.push({
      path: next.path,
      step: following,
      input,
      output: storedOutput(result.output),
      startedAt,
      finishedAt: iso(env.deps.clock.now()),
    });
    Object.assign(vars, result.vars);
    path = next.path;
    step = following;
    outcome = result;
    scope = after(scope, step, outcome);
  }
}
