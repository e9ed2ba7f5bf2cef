// What steps share: evaluating their expressions against the run's context, and acting through the one
// action dispatcher with the step's idempotency key.
import { errors } from '@steward/domain';
import type { RequestContext } from '../../../platform/auth/index.js';
import { compile, compileTemplate } from '../../../platform/expressions/index.js';
import { executeAction } from '../../connectors/index.js';
import type { WorkflowDeps } from '../deps.js';
import type { StepContext } from './context.js';
import { loadEntity } from './context.js';

export interface StepEnv {
  /** Keeps what the step is about to act with in its history (secrets redacted), before it acts. */
  noteInput?: (input: unknown) => Promise<void>;
  deps: WorkflowDeps;
  ctx: RequestContext;
  scope: StepContext;
  path: string;
  idempotencyKey: string;
}

export const evaluate = (source: string, scope: unknown, path: string) =>
  compile(source, path).evaluate(scope);
export const render = (source: string, scope: unknown, path: string) =>
  compileTemplate(source, path).render(scope);

export async function evaluateAll(record: Record<string, string>, scope: unknown, path: string) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    const value = await evaluate(v, scope, `${path}.${k}`);
    if (value !== undefined) out[k] = value;
  }
  return out;
}

/** An instance named by id or by name in the tenant. */
export async function instanceId(env: StepEnv, template: string, field: string): Promise<string> {
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

export async function target(env: StepEnv, source: string | undefined, field: string) {
  if (!source) return undefined;
  const id = await evaluate(source, env.scope, field);
  if (typeof id !== 'string')
    throw errors.validation(`${field} gave no entity id.`, [{ path: field, reason: 'not an id' }]);
  const found = await loadEntity(env.deps, env.ctx, id);
  if (!found)
    throw errors.validation(`There is no asset or person ${id}.`, [{ path: field, reason: 'not found' }]);
  return { type: found.kind, id };
}

export async function act(
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
    resume: true,
    target: await target(env, entity, 'entity'),
  });
  return { status: view.status, externalId: view.externalId, message: view.message, replayed: view.replayed };
}

/** The SMTP instance named, else the tenant's only one. */
export async function emailInstance(env: StepEnv, template: string | undefined, field: string) {
  if (template) return instanceId(env, template, field);
  const found = await env.deps.db
    .selectFrom('connector_instances')
    .select('id')
    .where('tenant_id', '=', env.ctx.principal.tenantId)
    .where('connector_id', '=', 'smtp')
    .limit(2)
    .execute();
  if (found.length !== 1)
    throw errors.validation(
      found.length === 0
        ? 'There is no Email (SMTP) connector instance to send with.'
        : 'There are several Email (SMTP) instances: name one in the step.',
      [{ path: field, reason: found.length === 0 ? 'no SMTP instance' : 'ambiguous' }],
    );
  return found[0]!.id;
}

/** Sends an e-mail through an SMTP instance with the step's idempotency key (plus a suffix for several). */
export async function sendEmail(
  env: StepEnv,
  instance: string,
  message: { to: string[]; subject: string; text: string },
  keySuffix = '',
) {
  const view = await executeAction(env.deps, env.ctx, instance, 'sendEmail', {
    input: message,
    idempotencyKey: `${env.idempotencyKey}${keySuffix}`,
    confirm: true,
    resume: true,
  });
  return { status: view.status, message: view.message, replayed: view.replayed };
}

/** Records a step's evaluated input, then hands it on. */
export async function noted<T>(env: StepEnv, input: T): Promise<T> {
  await env.noteInput?.(input);
  return input;
}
