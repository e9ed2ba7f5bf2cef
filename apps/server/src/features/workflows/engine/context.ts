// What a step's expressions see: the run's subject (read fresh, so a later step sees an earlier step's
// change), its input and variables, and the outputs of the steps already done.
import { isStewardError } from '@steward/domain';
import type { RequestContext } from '../../../platform/auth/index.js';
import { fromJson } from '../../../platform/db/index.js';
import { getAsset } from '../../assets/index.js';
import { getPerson } from '../../people/index.js';
import type { ConnectorDeps } from '../../connectors/index.js';
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
    .execute();
  const subject = run.subject_id ? await loadEntity(deps, ctx, run.subject_id) : null;
  return {
    subject: subject?.view ?? null,
    input: fromJson<Record<string, unknown>>(run.input) ?? {},
    vars: fromJson<Record<string, unknown>>(run.vars) ?? {},
    steps: Object.fromEntries(done.map((s) => [s.step_id, fromJson(s.output)])),
    trigger: fromJson(run.trigger),
    run: { id: run.id, workflowId: run.workflow_id, version: run.version },
    now: deps.clock.now().toISOString(),
  };
}
