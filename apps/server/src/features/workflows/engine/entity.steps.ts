// Steps that change an asset or person in Steward itself: they go through the same services as an admin's
// edit (validation, audit, the ingestion pipeline as the `manual` source), acting as the workflow run.
import { errors } from '@steward/domain';
import type { z } from 'zod';
import {
  getAsset,
  setLegalHold,
  transitionAsset,
  transitionSchema,
  updateAsset,
  updateAssetSchema,
} from '../../assets/index.js';
import { getPerson, setPersonLegalHold, updatePerson, updatePersonSchema } from '../../people/index.js';
import type { Step } from '../definition.schemas.js';
import type { WorkflowDeps } from '../deps.js';
import type { StepEnv } from './steps.js';

/** Asset attributes are declared in a table, so the view's type does not name them. */
async function assetView(env: StepEnv, id: string): Promise<Record<string, unknown>> {
  return getAsset(env.deps, env.ctx, id);
}

type UpdateStep = Extract<Step, { type: 'update_entity' }>;
type TransitionStep = Extract<Step, { type: 'transition' }>;

function parsed<T>(schema: z.ZodType<T>, value: unknown, prefix: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].join('.'),
    reason: i.message,
  }));
  throw errors.validation(`The step’s ${prefix} are not valid: ${details[0]?.reason ?? ''}`, details);
}

async function holdIf(
  current: boolean,
  wanted: unknown,
  set: (hold: boolean) => Promise<unknown>,
): Promise<boolean> {
  if (wanted === undefined) return false;
  if (typeof wanted !== 'boolean')
    throw errors.validation('legalHold must be true or false.', [
      { path: 'attributes.legalHold', reason: 'not a boolean' },
    ]);
  if (wanted === current) return false;
  await set(wanted);
  return true;
}

/** Sets attributes of the entity; `legalHold` goes through the legal-hold service (it needs admin). */
export async function updateEntity(
  env: StepEnv & { deps: WorkflowDeps },
  step: UpdateStep,
  entity: { kind: 'asset' | 'person'; id: string },
  attributes: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const { legalHold, ...rest } = attributes;
  const reason = `Workflow run ${env.scope.run.id}, step ${step.id}`;
  const changed = Object.keys(rest);
  if (entity.kind === 'asset') {
    const input = parsed(updateAssetSchema, rest, 'attributes');
    if (changed.length) await updateAsset(env.deps, env.ctx, entity.id, input);
    const held = (await assetView(env, entity.id)).legalHold === true;
    const heldChanged = await holdIf(held, legalHold, (hold) =>
      setLegalHold(env.deps, env.ctx, entity.id, { hold, reason }),
    );
    return { entity: entity.id, changed: heldChanged ? [...changed, 'legalHold'] : changed };
  }
  const input = parsed(updatePersonSchema, rest, 'attributes');
  if (changed.length) await updatePerson(env.deps, env.ctx, entity.id, input);
  const held = (await getPerson(env.deps, env.ctx, entity.id)).legalHold;
  const heldChanged = await holdIf(held, legalHold, (hold) =>
    setPersonLegalHold(env.deps, env.ctx, entity.id, { hold, reason }),
  );
  return { entity: entity.id, changed: heldChanged ? [...changed, 'legalHold'] : changed };
}

/**
 * Moves an asset to a lifecycle state. An asset already there counts as done, so a step retried after its
 * transition committed does not fail on "cannot go from lost to lost".
 */
export async function transitionEntity(
  env: StepEnv & { deps: WorkflowDeps },
  step: TransitionStep,
  entity: { kind: 'asset' | 'person'; id: string },
  reason: string | undefined,
): Promise<Record<string, unknown>> {
  if (entity.kind !== 'asset')
    throw errors.validation('Only assets have a lifecycle.', [{ path: 'entity', reason: 'not an asset' }]);
  const before = await assetView(env, entity.id);
  if (before.lifecycleState === step.to)
    return { entity: entity.id, from: step.to, to: step.to, already: true };
  const input = parsed(
    transitionSchema,
    {
      to: step.to,
      reason: reason ?? `Workflow run ${env.scope.run.id}, step ${step.id}`,
      ...(step.disposalMethod ? { disposalMethod: step.disposalMethod } : {}),
    },
    'transition',
  );
  const after: Record<string, unknown> = await transitionAsset(env.deps, env.ctx, entity.id, input);
  return { entity: entity.id, from: before.lifecycleState, to: after.lifecycleState };
}
