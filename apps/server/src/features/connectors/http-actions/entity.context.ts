import { errors, isStewardError } from '@steward/domain';
import type { RequestContext } from '../../../platform/auth/index.js';
import type { ConnectorDeps } from '../deps.js';
import type { InstanceRow } from '../instances.repo.js';
import { recordKeyFor } from '../targets.js';
import { getAsset } from '../../assets/index.js';
import { getPerson } from '../../people/index.js';

export interface EntityContext {
  kind: 'asset' | 'person';
  entity: Record<string, unknown>;
  /** What the instance's source calls the entity, when it reports it. */
  key: string | undefined;
}

async function load(
  deps: ConnectorDeps,
  ctx: RequestContext,
  id: string,
): Promise<{ kind: 'asset' | 'person'; entity: Record<string, unknown> } | undefined> {
  for (const [kind, get] of [
    ['asset', getAsset],
    ['person', getPerson],
  ] as const) {
    try {
      return { kind, entity: { ...(await get(deps, ctx, id)) } };
    } catch (e) {
      if (!(isStewardError(e) && e.status === 404)) throw e;
    }
  }
  return undefined;
}

/** The asset or person a run acts on, as the template context sees it, and its key in the instance. */
export async function entityContext(
  deps: ConnectorDeps,
  ctx: RequestContext,
  instance: InstanceRow,
  entityId: string,
): Promise<EntityContext> {
  const found = await load(deps, ctx, entityId);
  if (!found)
    throw errors.validation('There is no such asset or person.', [
      { path: 'body.entityId', reason: 'not found' },
    ]);
  return { ...found, key: await recordKeyFor(deps.db, instance, entityId) };
}
