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

/** Whether the trigger listens to this kind of event at all (before its filter is looked at). */
export function listensTo(trigger: Trigger, action: string): boolean {
  const change = changeKind(action);
  if (!change) return false;
  if (trigger.type === 'entity_created') return change.created && change.kind === trigger.kind;
  if (trigger.type === 'entity_changed') return !change.created && change.kind === trigger.kind;
  return false;
}

/** What a set of triggers listens to, as (kind, created) pairs: the scan reads only those events. */
export function listenedChanges(
  triggers: readonly Trigger[],
): Array<{ kind: 'asset' | 'person'; created: boolean }> {
  const out = new Map<string, { kind: 'asset' | 'person'; created: boolean }>();
  for (const t of triggers)
    if (t.type === 'entity_created' || t.type === 'entity_changed') {
      const created = t.type === 'entity_created';
      out.set(`${t.kind}:${created}`, { kind: t.kind, created });
    }
  return [...out.values()];
}

export async function fires(
  trigger: Trigger,
  event: { action: string; current: Record<string, unknown>; diff: Change },
): Promise<boolean> {
  if (!listensTo(trigger, event.action)) return false;
  if (trigger.type !== 'entity_created' && trigger.type !== 'entity_changed') return false;
  if (!trigger.filter) return true;
  const scope = filterScope(event.current, event.diff);
  return (await compile(trigger.filter, 'trigger.filter').evaluate(scope)) === true;
}
