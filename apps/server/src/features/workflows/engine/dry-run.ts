// A test run that acts on nothing: it walks the graph in process against a chosen entity, evaluating
// every expression as a real run would, and says what each step would do. Conditions, variables and loops
// are real; effects are rendered (HTTP presets through their own dry run), approvals are assumed given and
// waits are not waited.
import { checkTransition, errors, type LifecycleState } from '@steward/domain';
import type { z } from 'zod';
import type { RequestContext } from '../../../platform/auth/index.js';
import { runInline, runPreset } from '../../connectors/index.js';
import { updateAssetSchema } from '../../assets/index.js';
import { updatePersonSchema } from '../../people/index.js';
import type { Step, WorkflowDefinition } from '../definition.schemas.js';
import type { WorkflowDeps } from '../deps.js';
import { evaluate, evaluateAll, instanceId, render, target, type StepEnv } from './act.js';
import { resolveAssignee } from './approvals.js';
import { subjectScope, type StepContext } from './context.js';
import { branchPaths, iterationPath, parsePath } from './paths.js';
import { describeError } from './step.rows.js';

export interface StepPreview {
  path: string;
  stepId: string;
  type: string;
  /** What the step would do, or null when it failed. */
  would: Record<string, unknown> | null;
  error: string | null;
  next: string | null;
}

/** A dry run stops after this many steps: a loop over thousands of devices is shown by its first ones. */
const MAX_STEPS = 300;
const MAX_ITEMS = 10;

class Walker {
  readonly steps: StepPreview[] = [];
  constructor(
    private readonly deps: WorkflowDeps,
    private readonly ctx: RequestContext,
    private readonly definition: WorkflowDefinition,
    readonly scope: StepContext,
  ) {}

  private env(path: string, scope: StepContext): StepEnv {
    return { deps: this.deps, ctx: this.ctx, scope, path, idempotencyKey: `dry-run:${path}` };
  }

  async walk(first: string | null, prefix: string, loop: Record<string, unknown>): Promise<void> {
    for (let id = first; id !== null && this.steps.length < MAX_STEPS;) {
      const step = this.definition.steps.find((s) => s.id === id);
      if (!step) return;
      const path = `${prefix}${id}`;
      const scope = { ...this.scope, ...loop };
      let next: string | null = null;
      try {
        const r = await this.preview(step, this.env(path, scope), loop);
        next = r.next;
        // Containers list themselves before the steps inside them.
        if (!r.listed)
          this.steps.push({ path, stepId: step.id, type: step.type, would: r.would, error: null, next });
      } catch (e) {
        const error = describeError(e);
        this.steps.push({ path, stepId: step.id, type: step.type, would: null, error, next: null });
        return;
      }
      id = next;
    }
  }

  private async preview(
    step: Step,
    env: StepEnv,
    loop: Record<string, unknown>,
  ): Promise<{ would: Record<string, unknown>; next: string | null; listed?: boolean }> {
    const s = env.scope;
    const done = (would: Record<string, unknown>, output: unknown = would) => {
      this.scope.steps[step.id] = output;
      return { would, next: 'next' in step ? step.next : null };
    };
    switch (step.type) {
      case 'condition': {
        const holds = (await evaluate(step.if, s, 'if')) === true;
        this.scope.steps[step.id] = { holds };
        return { would: { holds }, next: holds ? step.then : step.else };
      }
      case 'set_variable': {
        const value = await evaluate(step.value, s, 'value');
        this.scope.vars[step.variable] = value;
        return done({ [step.variable]: value });
      }
      case 'update_entity': {
        const entity = await target(env, step.entity ?? 'subject.id', 'entity');
        const { legalHold, ...rest } = await evaluateAll(step.attributes, s, 'attributes');
        const schema: z.ZodType = entity?.type === 'person' ? updatePersonSchema : updateAssetSchema;
        const checked = schema.safeParse(rest);
        if (!checked.success)
          throw errors.validation(
            'The attributes are not valid.',
            checked.error.issues.map((i) => ({
              path: ['attributes', ...i.path].join('.'),
              reason: i.message,
            })),
          );
        return done({ entity, set: { ...rest, ...(legalHold === undefined ? {} : { legalHold }) } });
      }
      case 'transition': {
        const entity = await target(env, step.entity ?? 'subject.id', 'entity');
        const view = entity?.id === s.subject?.id ? s.subject : null;
        const from = (view?.lifecycleState ?? null) as LifecycleState | null;
        const refusal = from
          ? checkTransition({
              from,
              to: step.to,
              legalHold: view?.legalHold === true,
              disposalMethod: step.disposalMethod,
              hasDestructionCertificate: false,
            })
          : undefined;
        return done({ entity, from, to: step.to, ...(refusal ? { refused: refusal.kind } : {}) });
      }
      case 'connector_action':
        return done({
          instance: await instanceId(env, step.instance, 'instance'),
          action: step.action,
          input: await evaluateAll(step.input, s, 'input'),
          target: await target(env, step.entity, 'entity'),
        });
      case 'preset':
      case 'http': {
        const entity = await target(env, step.entity, 'entity');
        const request = {
          instanceId: await instanceId(env, step.instance, 'instance'),
          input: await evaluateAll(step.input, s, 'input'),
          entityId: entity?.id,
          dryRun: true,
          confirm: true,
        };
        const extra = { extra: { vars: s.vars, steps: s.steps, run: s.run } };
        const result =
          step.type === 'preset'
            ? await runPreset(env.deps, env.ctx, step.preset, request, extra)
            : await runInline(
                env.deps,
                env.ctx,
                { ...request, definition: step.definition, destructive: false },
                extra,
              );
        return done({ requests: result.requests });
      }
      case 'notify_slack':
        return done({
          instance: await instanceId(env, step.instance, 'instance'),
          text: await render(step.text, s, 'text'),
        });
      case 'notify_email':
        return done({
          to: await evaluate(step.to, s, 'to'),
          subject: await render(step.subject, s, 'subject'),
          body: await render(step.body, s, 'body'),
        });
      case 'create_ticket':
        return done({
          instance: await instanceId(env, step.instance, 'instance'),
          shortDescription: await render(step.shortDescription, s, 'shortDescription'),
        });
      case 'approval': {
        const asks = [];
        for (const [i, level] of step.levels.entries())
          asks.push({
            level: i,
            assignee: await resolveAssignee(env, level.assignee, `levels.${i}.assignee`),
          });
        this.scope.steps[step.id] = { decision: 'approved' };
        return {
          would: { title: await render(step.title, s, 'title'), asks, assumed: 'approved' },
          next: step.approved,
        };
      }
      case 'wait':
        return done({
          ...(step.for ? { for: step.for } : {}),
          ...(step.until ? { until: await evaluate(step.until, s, 'until') } : {}),
          ...(step.condition
            ? {
                condition: step.condition,
                holdsNow: (await evaluate(step.condition, s, 'condition')) === true,
              }
            : {}),
          skipped: 'a dry run does not wait',
        });
      case 'for_each': {
        const items = await evaluate(step.items, s, 'items');
        const list = Array.isArray(items) ? items : items === undefined || items === null ? [] : null;
        if (!list)
          throw errors.validation('for_each `items` did not give a list.', [
            { path: 'items', reason: 'not a list' },
          ]);
        const shown = list.slice(0, MAX_ITEMS);
        this.steps.push({
          path: env.path,
          stepId: step.id,
          type: step.type,
          would: { items: list.length, shown: shown.length },
          error: null,
          next: step.next,
        });
        for (const [i, item] of shown.entries())
          await this.walk(step.body, `${parsePath(iterationPath(env.path, step, i)).prefix}`, {
            ...loop,
            [step.as]: item,
          });
        return { would: { items: list.length }, next: step.next, listed: true };
      }
      case 'parallel': {
        this.steps.push({
          path: env.path,
          stepId: step.id,
          type: step.type,
          would: { branches: step.branches.length },
          error: null,
          next: step.next,
        });
        for (const first of branchPaths(env.path, step))
          await this.walk(parsePath(first).stepId, parsePath(first).prefix, loop);
        return { would: { branches: step.branches.length }, next: step.next, listed: true };
      }
      case 'call_workflow':
        return done({
          workflow: step.workflow,
          input: await evaluateAll(step.input, s, 'input'),
          skipped: 'a dry run does not start other workflows',
        });
      case 'agent_task':
        return done({
          device: await evaluate(step.device, s, 'device'),
          task: step.task,
          parameters: await evaluateAll(step.parameters, s, 'parameters'),
        });
    }
  }
}

export async function dryRun(
  deps: WorkflowDeps,
  ctx: RequestContext,
  workflow: { id: string; version: number; definition: WorkflowDefinition },
  start: { entityId?: string; input: Record<string, unknown> },
): Promise<{ steps: StepPreview[]; vars: Record<string, unknown>; truncated: boolean }> {
  const scope: StepContext = {
    subject: start.entityId ? await subjectScope(deps, ctx, start.entityId) : null,
    input: start.input,
    vars: {},
    steps: {},
    trigger: { type: 'manual', dryRun: true },
    run: { id: 'dry-run', workflowId: workflow.id, version: workflow.version },
    now: deps.clock.now().toISOString(),
  };
  const walker = new Walker(deps, ctx, workflow.definition, scope);
  await walker.walk(workflow.definition.start, '', {});
  return { steps: walker.steps, vars: scope.vars, truncated: walker.steps.length >= MAX_STEPS };
}
