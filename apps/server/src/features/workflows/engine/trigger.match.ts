// Whether an entity change (an audit event) fires a workflow's trigger. Pure apart from the filter's
// evaluation; the scan in trigger.scan.ts supplies the event and the entity.
import { compile } from '../../../platform/expressions/index.js';
import type { Trigger } from '../definition.schemas.js';

export type Change = Record<string, { before: unknown; after: unknown }>;

/** Which audit actions are changes of which kind, and whether they create the entity. */
export function changeKind(action: string): { kind: 'asset' | 'person'; created: boolean } | null {
  const [entity, verb] = action.split('.');
  if (entity !== 'asset' && entity !== 'person') return null;
  if (verb === 'created') return { kind: entity, created: true };
  if (verb === 'deleted' || verb === 'import' || verb === 'attachment_added') return null;
  return { kind: entity, created: false };
}

/**
 * The filter's scope: the entity as the change left it, as it was before, and the change itself. The
 * event keeps only what changed, so the rest comes from the entity now (a later change of a field the
 * event did not touch shows through; the fields it changed are the event's own).
 */
export function filterScope(current: Record<string, unknown>, diff: Change) {
  const after: Record<string, unknown> = { ...current };
  const before: Record<string, unknown> = { ...current };
  for (const [key, d] of Object.entries(diff)) {
    after[key] = d.after;
    before[key] = d.before;
  }
  return { after, before, diff };
}

export async function fires(
  trigger: Trigger,
  event: { action: string; current: Record<string, unknown>; diff: Change },
): Promise<boolean> {
  const change = changeKind(event.action);
  if (!change) return false;
  if (trigger.type === 'entity_created' && !(change.created && change.kind === trigger.kind)) return false;
  if (trigger.type === 'entity_changed' && !(!change.created && change.kind === trigger.kind)) return false;
  if (trigger.type !== 'entity_created' && trigger.type !== 'entity_changed') return false;
  if (!trigger.filter) return true;
  const scope = filterScope(event.current, event.diff);
  return (await compile(trigger.filter, 'trigger.filter').evaluate(scope)) === true;
}
