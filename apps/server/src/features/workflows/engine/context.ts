// What a step's expressions see: the run's subject (read fresh, so a later step sees an earlier step's
// change), its input and variables, and the outputs of the steps already done.
import { isStewardError } from '@steward/domain';
import type { RequestContext } from '../../../platform/auth/index.js';
import { fromJson } from '../../../platform/db/index.js';
import { getAsset } from '../../assets/index.js';
import { getPerson } from '../../people/index.js';
import type { ConnectorDeps } from '../../connectors/index.js';
import type { WorkflowDefinition } from '../definition.schemas.js';
import { parsePath, stepAt } from './paths.js';
import type { RunRow } from './run.repo.js';

export interface StepContext {
  subject: Record<string, unknown> | null;
  input: Record<string, unknown>;
  vars: Record<string, unknown>;
  steps: Record<string, unknown>;
  trigger: unknown;
  run: { id: string; workflowId: string; version: number };
  now: string;
  /** Set inside a for_each body. */
  [loopVariable: string]: unknown;
}

/** The asset or person with this id, as the API shows it, or null when there is none. */
export async function loadEntity(
  deps: Pick<ConnectorDeps, 'db'>,
  ctx: RequestContext,
  id: string,
): Promise<{ kind: 'asset' | 'person'; view: Record<string, unknown> } | null> {
  for (const [kind, get] of [
    ['asset', getAsset],
    ['person', getPerson],
  ] as const) {
    try {
      return { kind, view: { ...(await get(deps, ctx, id)) } };
    } catch (e) {
      if (!(isStewardError(e) && e.status === 404)) throw e;
    }
  }
  return null;
}

/** Most devices a person's `assets` lists: enough for any real person, bounded for a shared account. */
const MAX_ASSETS = 500;

/**
 * The subject with what playbooks ask about it: an asset's `assignee`, a person's `manager` and the
 * `assets` assigned to them (so a for_each can go over "every device of the person").
 */
async function withRelations(
  deps: Pick<ConnectorDeps, 'db'>,
  ctx: RequestContext,
  subject: { kind: 'asset' | 'person'; view: Record<string, unknown> },
): Promise<Record<string, unknown>> {
  const v = subject.view;
  const person = async (id: unknown) =>
    typeof id === 'string' ? ((await loadEntity(deps, ctx, id))?.view ?? null) : null;
  if (subject.kind === 'asset') return { ...v, assignee: await person(v.assignedPersonId) };
  const ids = await deps.db
    .selectFrom('assets')
    .select('id')
    .where('tenant_id', '=', ctx.principal.tenantId)
    .where('assigned_person_id', '=', String(v.id))
    .orderBy('id')
    .limit(MAX_ASSETS)
    .execute();
  const assets = [];
  for (const { id } of ids) assets.push({ ...(await getAsset(deps, ctx, id)) });
  return { ...v, manager: await person(v.managerId), assets };
}

/** The subject as steps see it, with its relations; null when it is gone. */
export async function subjectScope(
  deps: Pick<ConnectorDeps, 'db'>,
  ctx: RequestContext,
  id: string,
): Promise<Record<string, unknown> | null> {
  const found = await loadEntity(deps, ctx, id);
  return found ? withRelations(deps, ctx, found) : null;
}

export async function stepContext(
  deps: Pick<ConnectorDeps, 'db' | 'clock'>,
  ctx: RequestContext,
  run: RunRow,
): Promise<StepContext> {
  const done = await deps.db
    .selectFrom('workflow_steps')
    .select(['step_id', 'output'])
    .where('run_id', '=', run.id)
    .where('status', '=', 'succeeded')
    .orderBy('finished_at')
    .orderBy('chain_seq')
    .execute();
  return {
    subject: run.subject_id ? await subjectScope(deps, ctx, run.subject_id) : null,
    input: fromJson<Record<string, unknown>>(run.input) ?? {},
    vars: fromJson<Record<string, unknown>>(run.vars) ?? {},
    steps: Object.fromEntries(done.map((s) => [s.step_id, fromJson(s.output)])),
    trigger: fromJson(run.trigger),
    run: { id: run.id, workflowId: run.workflow_id, version: run.version },
    now: deps.clock.now().toISOString(),
  };
}

/** Inside for_each bodies, each loop's `as` names its item. */
export async function loopVariables(
  deps: Pick<ConnectorDeps, 'db'>,
  run: RunRow,
  definition: WorkflowDefinition,
  path: string,
): Promise<Record<string, unknown>> {
  const vars: Record<string, unknown> = {};
  for (const frame of parsePath(path).frames) {
    const owner = stepAt(definition, frame.parallelPath);
    if (owner.type !== 'for_each') continue;
    const row = await deps.db
      .selectFrom('workflow_steps')
      .select('output')
      .where('run_id', '=', run.id)
      .where('path', '=', frame.parallelPath)
      .executeTakeFirst();
    const loop = fromJson<{ items: unknown[] }>(row?.output ?? null);
    vars[owner.as] = loop?.items[frame.branch];
  }
  return vars;
}
