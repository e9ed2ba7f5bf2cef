// Runs one step. Side effects go through the one action dispatcher (executeAction / runPreset) with the
// step's idempotency key, so a step retried after a crash never acts twice; the rest is evaluation.
import { errors } from '@steward/domain';
import type { RequestContext } from '../../../platform/auth/index.js';
import { compile, compileTemplate } from '../../../platform/expressions/index.js';
import { executeAction, runPreset, type ConnectorDeps } from '../../connectors/index.js';
import type { Step, StepType } from '../definition.schemas.js';
import type { StepContext } from './context.js';
import { loadEntity } from './context.js';
import { durationMs } from './duration.js';

export type StepOutcome =
  | { type: 'done'; output: unknown; next: string | null; vars?: Record<string, unknown> }
  /** A parallel step: its branches start now and it finishes when the last one ends. */
  | { type: 'fork' }
  /** A for_each: one iteration per item, at most `concurrency` at once. */
  | { type: 'fork_each'; items: unknown[] }
  | { type: 'wait'; until: Date };

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
]);

export interface StepEnv {
  deps: ConnectorDeps;
  ctx: RequestContext;
  scope: StepContext;
  path: string;
  idempotencyKey: string;
}

const evaluate = (source: string, scope: unknown, path: string) => compile(source, path).evaluate(scope);
const render = (source: string, scope: unknown, path: string) => compileTemplate(source, path).render(scope);

async function evaluateAll(record: Record<string, string>, scope: unknown, path: string) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    const value = await evaluate(v, scope, `${path}.${k}`);
    if (value !== undefined) out[k] = value;
  }
  return out;
}

/** An instance named by id or by name in the tenant. */
async function instanceId(env: StepEnv, template: string, field: string): Promise<string> {
  const ref = await render(template, env.scope, field);
  const found = await env.deps.db
    .selectFrom('connector_instances')
    .select('id')
    .where('tenant_id', '=', env.ctx.principal.tenantId)
    .where((eb) => eb.or([eb('id', '=', ref), eb('name', '=', ref)]))
    .executeTakeFirst();
  if (!found)
    throw errors.validation(`There is no connector instance "${ref}".`, [
      { path: field, reason: 'no such instance' },
    ]);
  return found.id;
}

async function target(env: StepEnv, source: string | undefined, field: string) {
  if (!source) return undefined;
  const id = await evaluate(source, env.scope, field);
  if (typeof id !== 'string')
    throw errors.validation(`${field} gave no entity id.`, [{ path: field, reason: 'not an id' }]);
  const found = await loadEntity(env.deps, env.ctx, id);
  if (!found)
    throw errors.validation(`There is no asset or person ${id}.`, [{ path: field, reason: 'not found' }]);
  return { type: found.kind, id };
}

async function act(
  env: StepEnv,
  instance: string,
  action: string,
  input: Record<string, unknown>,
  entity?: string,
) {
  const view = await executeAction(env.deps, env.ctx, await instanceId(env, instance, 'instance'), action, {
    input,
    idempotencyKey: env.idempotencyKey,
    // The workflow's author chose this action; approvals, not a click, guard destructive ones.
    confirm: true,
    target: await target(env, entity, 'entity'),
  });
  return { status: view.status, externalId: view.externalId, message: view.message, replayed: view.replayed };
}

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
      const input = await evaluateAll(step.input, s, 'input');
      return {
        type: 'done',
        output: await act(env, step.instance, step.action, input, step.entity),
        next: step.next,
      };
    }
    case 'notify_slack': {
      const text = await render(step.text, s, 'text');
      return { type: 'done', output: await act(env, step.instance, 'notify', { text }), next: step.next };
    }
    case 'create_ticket': {
      const input = {
        shortDescription: await render(step.shortDescription, s, 'shortDescription'),
        ...(step.description ? { description: await render(step.description, s, 'description') } : {}),
        ...(step.urgency ? { urgency: step.urgency } : {}),
      };
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
          input: await evaluateAll(step.input, s, 'input'),
          entityId: entity?.id,
          idempotencyKey: env.idempotencyKey,
          dryRun: false,
          confirm: true,
        },
        { extra: { vars: s.vars, steps: s.steps, run: s.run } },
      );
      return { type: 'done', output: { output: result.output, replayed: result.replayed }, next: step.next };
    }
    case 'wait': {
      if (step.for)
        return { type: 'wait', until: new Date(env.deps.clock.now().getTime() + durationMs(step.for)) };
      if (step.until) {
        const at = new Date(String(await evaluate(step.until, s, 'until')));
        if (Number.isNaN(at.getTime()))
          throw errors.validation('The wait’s `until` is not a date-time.', [
            { path: 'until', reason: 'not a date' },
          ]);
        return { type: 'wait', until: at };
      }
      throw errors.validation('Waiting on a condition is not supported yet.', [
        { path: 'condition', reason: 'not yet' },
      ]);
    }
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
    default:
      throw errors.validation(`Steps of type ${step.type} do not run yet.`, [
        { path: 'type', reason: 'not yet' },
      ]);
  }
}
