import type { ActionExecution, EntityActions } from './connectors.types.js';

/** What the page knows besides the row: the instances that report the entity, and all instances (if loaded). */
export interface HistoryContext {
  sources: Pick<EntityActions, 'instanceId' | 'instanceName' | 'actions'>[];
  /** Every instance the caller can see; undefined while loading or when it could not be read. */
  instances: { id: string; name: string }[] | undefined;
}

export interface HistoryLabels {
  title: string;
  instance: string;
  /** The instance is gone (known only once the instance list has loaded). */
  instanceDeleted: boolean;
}

/**
 * How one history row is named: the server's title (an action's title, a preset's name), else the title the
 * entity's actions give it, else the raw action name; the instance's name as recorded, else its current
 * name, else "Deleted instance" when it is gone or its id when that is not known.
 */
export function historyLabels(e: ActionExecution, ctx: HistoryContext): HistoryLabels {
  const source = ctx.sources.find((s) => s.instanceId === e.instanceId);
  const title = e.title ?? source?.actions.find((a) => a.name === e.action)?.title ?? e.action;
  const current = ctx.instances?.find((i) => i.id === e.instanceId);
  const instanceDeleted = ctx.instances !== undefined && current === undefined;
  const name = e.instanceName ?? current?.name ?? source?.instanceName;
  const instance = name
    ? `${name}${instanceDeleted ? ' (deleted)' : ''}`
    : instanceDeleted
      ? 'Deleted instance'
      : e.instanceId;
  return { title, instance, instanceDeleted };
}
