// A waiting step woke: its timer came due, a decision was made or a child run ended. Each waiting step
// type says what that means; null is "not yet" (an early or repeated wake-up), and nothing is recorded.
import type { Step } from '../definition.schemas.js';
import type { StepEnv } from './act.js';
import { agentTaskProgress } from './agent.js';
import { progress } from './approvals.js';
import { childEnded } from './call.js';
import type { StepRow } from './run.repo.js';
import { waitStep, type StepOutcome } from './steps.js';

export async function resumeStep(step: Step, row: StepRow, env: StepEnv): Promise<StepOutcome | null> {
  const now = env.deps.clock.now();
  const due = row.wake_at !== null && new Date(row.wake_at) <= now;
  switch (step.type) {
    case 'approval':
      return progress(env, step, row);
    case 'call_workflow':
      return childEnded(env, step, row);
    case 'agent_task':
      return agentTaskProgress(env, step, row);
    case 'wait':
      if (!due) return null;
      if (step.condition && !step.for && !step.until) return waitStep(step, env, new Date(row.started_at));
      return { type: 'done', output: { wokeAt: now.toISOString() }, next: step.next };
    default:
      if (!due) return null;
      return { type: 'done', output: { wokeAt: now.toISOString() }, next: 'next' in step ? step.next : null };
  }
}
