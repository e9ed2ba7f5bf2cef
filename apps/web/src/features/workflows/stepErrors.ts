// The server's reasons for refusing a definition, placed at the step they name: `body.steps[2].if` is
// field `if` of the third step sent, `definition.steps.lock` (a run refused) is step lock. Pure, unit-tested.
import type { ErrorDetail } from '../../api/types.js';
import type { WorkflowDefinition } from './workflows.types.js';

export interface StepError {
  /** The field within the step (`if`, `levels[0].assignee.person`), or '' for the step as a whole. */
  field: string;
  reason: string;
}

export interface PlacedErrors {
  byStep: Map<string, StepError[]>;
  /** Reasons about no step: the name, the trigger, start… with their paths. */
  other: ErrorDetail[];
}

const BY_INDEX = /^(?:body\.)?steps\[(\d+)\](?:\.(.+))?$/;
const BY_ID = /^definition\.steps\.([^.[\]]+)(?:\.(.+))?$/;

/** `sent` is the definition the server was given: its indices are the ones the paths count. */
export function placeStepErrors(
  details: readonly ErrorDetail[],
  sent: WorkflowDefinition | null,
): PlacedErrors {
  const byStep = new Map<string, StepError[]>();
  const other: ErrorDetail[] = [];
  const add = (id: string, field: string, reason: string) =>
    byStep.set(id, [...(byStep.get(id) ?? []), { field, reason }]);
  for (const d of details) {
    const indexed = BY_INDEX.exec(d.path);
    const id = indexed ? sent?.steps[Number(indexed[1])]?.id : undefined;
    if (indexed && id !== undefined) {
      add(id, indexed[2] ?? '', d.reason);
      continue;
    }
    const named = BY_ID.exec(d.path);
    if (named && sent?.steps.some((s) => s.id === named[1])) add(named[1]!, named[2] ?? '', d.reason);
    else other.push(d);
  }
  return { byStep, other };
}

/** The top-level field an error is about: `levels[0].assignee.person` → `levels`. */
export const topField = (field: string) => field.split(/[.[]/)[0] ?? '';

/** Reasons for one top-level field of a step, joined, for an input's error. */
export function fieldError(errors: readonly StepError[] | undefined, field: string): string | undefined {
  const reasons = (errors ?? []).filter((e) => e.field === field).map((e) => e.reason);
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}
