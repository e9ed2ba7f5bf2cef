// Runs one step. Side effects go through the one action dispatcher (executeAction / runPreset) with the
// step's idempotency key, so a step retried after a crash never acts twice; the rest is evaluation.
import { errors, isStewardError } from '@steward/domain';
import { runInline, runPreset } from '../../connectors/index.js';
import type { Step, StepType } from '../definition.schemas.js';
import {
  act,
  emailInstance,
  evaluate,
  evaluateAll,
  instanceId,
  render,
  noted,
  sendEmail,
  target,
  type StepEnv,
} from './act.js';
import { openRequest } from './approvals.js';
import { startAgentTask } from './agent.js';
import { callWorkflow } from './call.js';
import { durationMs } from './duration.js';
import { transitionEntity, updateEntity } from './entity.steps.js';

export type { StepEnv } from './act.js';

export type StepOutcome =
  | { type: 'done'; output: unknown; next: string | null; vars?: Record<string, unknown> }
  /** A parallel step: its branches start now and it finishes when the last one ends. */
  | { type: 'fork' }
  /** A for_each: one iteration per item, at most `concurrency` at once. */
  | { type: 'fork_each'; items: unknown[] }
  /** Sleeps until `until` (or, without one, until something wakes it: a decision, a child run's end). */
  | { type: 'wait'; until: Date | null; output?: unknown };

/** The step types this engine runs; a workflow using another cannot be started yet. */
export const RUNNABLE_STEPS: ReadonlySet<StepType> = new Set<StepType>([
  'condition',
  'set_variable',
  'connector_action',
  'preset',
  'notify_slack',
  'create_ticket',
  'wait',
  'parallel',
  'for_each',
  'update_entity',
  'transition',
  'notify_email',
  'approval',
  'call_workflow',
  'http',
  'agent_task',
]);

export async function runStep(step: Step, env: StepEnv): Promise<StepOutcome> {
  const s = env.scope;
  switch (step.type) {
    case 'condition': {
      const holds = (await evaluate(step.if, s, 'if')) === true;
      return { type: 'done', output: { holds }, next: holds ? step.then : step.else };
    }
    case 'set_variable': {
      const value = await evaluate(step.value, s, 'value');
      return {
        type: 'done',
        output: { [step.variable]: value },
        next: step.next,
        vars: { [step.variable]: value },
      };
    }
    case 'connector_action': {
      const input = await noted(env, await evaluateAll(step.input, s, 'input'));
      try {
        return {
          type: 'done',
          output: await act(env, step.instance, step.action, input, step.entity),
          next: step.next,
        };
      } catch (e) {
        // A mixed fleet: the device this run is about may simply not be one this instance manages.
        const unknown = isStewardError(e) && e.code === 'not_in_source';
        if (!unknown || step.whenNotInSource !== 'skip') throw e;
        return { type: 'done', output: { skipped: e.message }, next: step.next };
      }
    }
    case 'notify_slack': {
      const text = (await noted(env, { text: await render(step.text, s, 'text') })).text;
      return { type: 'done', output: await act(env, step.instance, 'notify', { text }), next: step.next };
    }
    case 'create_ticket': {
      const input = await noted(env, {
        shortDescription: await render(step.shortDescription, s, 'shortDescription'),
        ...(step.description ? { description: await render(step.description, s, 'description') } : {}),
        ...(step.urgency ? { urgency: step.urgency } : {}),
      });
      return {
        type: 'done',
        output: await act(env, step.instance, 'createIncident', input),
        next: step.next,
      };
    }
    case 'preset': {
      const entity = await target(env, step.entity, 'entity');
      const result = await runPreset(
        env.deps,
        env.ctx,
        step.preset,
        {
          instanceId: await instanceId(env, step.instance, 'instance'),
          input: await noted(env, await evaluateAll(step.input, s, 'input')),
          entityId: entity?.id,
          idempotencyKey: env.idempotencyKey,
          dryRun: false,
          confirm: true,
        },
        { extra: { vars: s.vars, steps: s.steps, run: s.run } },
      );
      return { type: 'done', output: { output: result.output, replayed: result.replayed }, next: step.next };
    }
    case 'http': {
      const entity = await target(env, step.entity, 'entity');
      const result = await runInline(
        env.deps,
        env.ctx,
        {
          instanceId: await instanceId(env, step.instance, 'instance'),
          definition: step.definition,
          input: await noted(env, await evaluateAll(step.input, s, 'input')),
          entityId: entity?.id,
          idempotencyKey: env.idempotencyKey,
          dryRun: false,
          confirm: true,
          destructive: false,
        },
        { extra: { vars: s.vars, steps: s.steps, run: s.run } },
      );
      return { type: 'done', output: { output: result.output, replayed: result.replayed }, next: step.next };
    }
    case 'wait':
      return waitStep(step, env);
    case 'update_entity': {
      const entity = await subjectOr(env, step.entity);
      const attributes = await noted(env, await evaluateAll(step.attributes, s, 'attributes'));
      return { type: 'done', output: await updateEntity(env, step, entity, attributes), next: step.next };
    }
    case 'transition': {
      const entity = await subjectOr(env, step.entity);
      const reason = step.reason ? await render(step.reason, s, 'reason') : undefined;
      await noted(env, { entity: entity.id, to: step.to, reason });
      return { type: 'done', output: await transitionEntity(env, step, entity, reason), next: step.next };
    }
    case 'notify_email': {
      const to = await evaluate(step.to, s, 'to');
      const list = (Array.isArray(to) ? to : [to]).filter((a) => typeof a === 'string' && a.includes('@'));
      if (list.length === 0)
        throw errors.validation('The e-mail has no recipient address.', [
          { path: 'to', reason: `gave ${JSON.stringify(to) ?? 'nothing'}` },
        ]);
      const instance = await emailInstance(env, step.instance, 'instance');
      const message = await noted(env, {
        to: list as string[],
        subject: await render(step.subject, s, 'subject'),
        text: await render(step.body, s, 'body'),
      });
      return { type: 'done', output: await sendEmail(env, instance, message), next: step.next };
    }
    case 'approval':
      return openRequest(env, step, 0, false);
    case 'call_workflow':
      return callWorkflow(env, step);
    case 'agent_task':
      return startAgentTask(env, step);
    case 'parallel':
      return { type: 'fork' };
    case 'for_each': {
      const items = await evaluate(step.items, s, 'items');
      const list = items === undefined || items === null ? [] : items;
      if (!Array.isArray(list))
        throw errors.validation('for_each `items` did not give a list.', [
          { path: 'items', reason: 'not a list' },
        ]);
      return { type: 'fork_each', items: list };
    }
  }
}

/** The entity a step names, else the run's subject. */
async function subjectOr(env: StepEnv, source: string | undefined) {
  const found = source
    ? await target(env, source, 'entity')
    : typeof env.scope.subject?.id === 'string'
      ? await target(env, 'subject.id', 'entity')
      : undefined;
  if (!found)
    throw errors.validation('The step names no entity and the run has no subject.', [
      { path: 'entity', reason: 'no entity' },
    ]);
  return { kind: found.type as 'asset' | 'person', id: found.id };
}

/**
 * A wait for a duration or until a date is one timer. A wait for a condition checks it now and then every
 * `checkEvery` until it holds or `timeout` (from the step's start) passes; the output says which.
 */
export async function waitStep(
  step: Extract<Step, { type: 'wait' }>,
  env: StepEnv,
  since?: Date,
): Promise<StepOutcome> {
  const now = env.deps.clock.now();
  if (step.for) return { type: 'wait', until: new Date(now.getTime() + durationMs(step.for)) };
  if (step.until) {
    const at = new Date(String(await evaluate(step.until, env.scope, 'until')));
    if (Number.isNaN(at.getTime()))
      throw errors.validation('The wait’s `until` is not a date-time.', [
        { path: 'until', reason: 'not a date' },
      ]);
    return { type: 'wait', until: at };
  }
  if (!step.condition)
    throw errors.validation('A wait needs `for`, `until` or `condition`.', [
      { path: 'for', reason: 'missing' },
    ]);
  const started = since ?? now;
  if ((await evaluate(step.condition, env.scope, 'condition')) === true)
    return { type: 'done', output: { held: true, checkedAt: now.toISOString() }, next: step.next };
  const deadline = step.timeout ? started.getTime() + durationMs(step.timeout) : Infinity;
  if (now.getTime() >= deadline)
    return { type: 'done', output: { held: false, timedOut: true }, next: step.next };
  const check = Math.min(now.getTime() + durationMs(step.checkEvery), deadline);
  return {
    type: 'wait',
    until: new Date(check),
    output: { condition: 'not yet', since: started.toISOString() },
  };
}
