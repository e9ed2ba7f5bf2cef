// Edits to a definition the visual editor makes: add a step (from the palette or the preset catalog),
// replace, rename or remove one, connect or disconnect a successor. Each returns a new definition and
// leaves the one it was given alone. Pure, so it is unit-tested.
import { handlesOf } from './graph.js';
import type { PresetSummary, StepDraft, StepType, WorkflowDefinition } from './workflows.types.js';

/** A new step of each type with the fields it needs filled, so it saves (once its instance is named). */
const DEFAULTS: Record<StepType, Record<string, unknown>> = {
  condition: { if: 'true', then: null, else: null },
  set_variable: { variable: 'result', value: '"done"', next: null },
  update_entity: { attributes: { notes: '"Updated by a workflow"' }, next: null },
  transition: { to: 'in_repair', next: null },
  connector_action: { instance: '', action: '', input: {}, entity: 'subject.id', next: null },
  preset: { preset: '', instance: '', input: {}, entity: 'subject.id', next: null },
  http: {
    instance: '',
    definition: { inputs: [], requests: [{ name: 'request', method: 'GET', url: '/' }] },
    input: {},
    next: null,
  },
  agent_task: { device: 'subject.id', task: 'inventory', parameters: {}, timeout: 'PT1H', next: null },
  notify_email: {
    to: 'subject.assignee.email',
    subject: 'About {{ subject.name }}',
    body: 'Hello',
    next: null,
  },
  notify_slack: { instance: '', text: '{{ subject.name }} changed', next: null },
  approval: {
    title: 'Approve for {{ subject.name }}?',
    levels: [{ assignee: { type: 'role', role: 'admin' }, timeout: 'P3D' }],
    onTimeout: 'reject',
    approved: null,
    rejected: null,
  },
  create_ticket: { instance: '', shortDescription: 'About {{ subject.name }}', next: null },
  wait: { for: 'P1D', next: null },
  for_each: { items: 'subject.assets', as: 'item', body: '', concurrency: 5, next: null },
  parallel: { branches: [], next: null },
  call_workflow: { workflow: '', input: {}, wait: true, next: null },
};

export const STEP_LABELS: Record<StepType, string> = {
  condition: 'Condition',
  set_variable: 'Set variable',
  update_entity: 'Update entity',
  transition: 'Lifecycle transition',
  connector_action: 'Connector action',
  preset: 'Action preset',
  http: 'HTTP request',
  agent_task: 'Agent task',
  notify_email: 'Email',
  notify_slack: 'Slack message',
  approval: 'Approval',
  create_ticket: 'Ticket',
  wait: 'Wait',
  for_each: 'For each',
  parallel: 'Parallel',
  call_workflow: 'Call workflow',
};

const clone = <T>(v: T): T => structuredClone(v);

/** `wait`, `wait_2`, `wait_3`…: the first id of that stem no step has. */
export function newStepId(definition: WorkflowDefinition, stem: string): string {
  const base = stem.replace(/[^a-zA-Z0-9_-]/g, '_').replace(/^[^a-zA-Z]+/, '') || 'step';
  const taken = new Set(definition.steps.map((s) => s.id));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

export function stepOf(type: StepType, id: string): StepDraft {
  return { id, type, ...clone(DEFAULTS[type]) };
}

/** A preset from the catalog as a step: its required inputs listed, to be given values. */
export function presetStep(preset: PresetSummary, id: string, instance = ''): StepDraft {
  const input: Record<string, string> = {};
  for (const i of preset.definition.inputs)
    if (i.required) input[i.name] = i.type === 'number' ? '0' : i.type === 'boolean' ? 'false' : '""';
  return {
    id,
    type: 'preset',
    name: preset.name,
    preset: preset.id,
    instance,
    input,
    ...(preset.targetKind ? { entity: 'subject.id' } : {}),
    next: null,
  };
}

const hasNext = (step: StepDraft) => handlesOf(step.type).includes('next');

/**
 * Adds a step. After a selected step with a `next`, it goes in between (selected → new → what followed);
 * otherwise it is added unconnected, to be connected by dragging from a handle.
 */
export function addStep(definition: WorkflowDefinition, step: StepDraft, after?: string | null) {
  const out = clone(definition);
  const previous = after ? out.steps.find((s) => s.id === after) : undefined;
  const added = clone(step);
  if (previous && hasNext(previous) && hasNext(added)) {
    added.next = previous.next ?? null;
    previous.next = added.id;
  }
  out.steps.push(added);
  return out;
}

/** Every place a step names another: start, and each successor field. */
function retarget(definition: WorkflowDefinition, to: (id: string) => string | null): void {
  const start = to(definition.start);
  if (start !== null) definition.start = start;
  for (const step of definition.steps)
    for (const handle of handlesOf(step.type)) {
      if (handle === 'branches') {
        const branches = Array.isArray(step.branches) ? (step.branches as string[]) : [];
        step.branches = branches.map(to).filter((b): b is string => b !== null);
      } else if (typeof step[handle] === 'string' && step[handle] !== '') {
        const target = to(step[handle]);
        step[handle] = target ?? (handle === 'body' ? '' : null);
      }
    }
}

/** Replaces a step (found by its old id) with `step`; a new id is followed everywhere it was named. */
export function replaceStep(definition: WorkflowDefinition, id: string, step: StepDraft): WorkflowDefinition {
  const out = clone(definition);
  const index = out.steps.findIndex((s) => s.id === id);
  if (index < 0) return out;
  out.steps[index] = clone(step);
  if (step.id !== id) retarget(out, (ref) => (ref === id ? step.id : ref));
  return out;
}

/** Sets one field of a step; `undefined` removes it. */
export function setField(definition: WorkflowDefinition, id: string, field: string, value: unknown) {
  const step = definition.steps.find((s) => s.id === id);
  if (!step) return clone(definition);
  const next: StepDraft = { ...clone(step) };
  if (value === undefined) delete next[field];
  else next[field] = clone(value);
  return replaceStep(definition, id, next);
}

/** Removes a step; what led to it leads to what followed it (its `next`), or ends there. */
export function removeStep(definition: WorkflowDefinition, id: string): WorkflowDefinition {
  const out = clone(definition);
  const removed = out.steps.find((s) => s.id === id);
  if (!removed) return out;
  out.steps = out.steps.filter((s) => s.id !== id);
  const follower = typeof removed.next === 'string' && removed.next !== '' ? removed.next : null;
  if (out.start === id) out.start = follower ?? out.steps[0]?.id ?? '';
  retarget(out, (ref) => (ref === id ? follower : ref));
  return out;
}

/** Points a successor handle of `source` at `target` (a branch is added); false when it makes no sense. */
export function connect(
  definition: WorkflowDefinition,
  source: string,
  handle: string,
  target: string,
): WorkflowDefinition | null {
  const step = definition.steps.find((s) => s.id === source);
  if (!step || source === target || !definition.steps.some((s) => s.id === target)) return null;
  if (!handlesOf(step.type).includes(handle)) return null;
  if (handle === 'branches') {
    const branches = Array.isArray(step.branches) ? (step.branches as string[]) : [];
    if (branches.includes(target)) return null;
    return setField(definition, source, 'branches', [...branches, target]);
  }
  return setField(definition, source, handle, target);
}

/** Removes the successor named by `field` (`next`, `else`, `branches[1]`…). */
export function disconnect(definition: WorkflowDefinition, source: string, field: string) {
  const step = definition.steps.find((s) => s.id === source);
  if (!step) return clone(definition);
  const branch = /^branches\[(\d+)\]$/.exec(field);
  if (branch) {
    const branches = Array.isArray(step.branches) ? (step.branches as string[]) : [];
    return setField(
      definition,
      source,
      'branches',
      branches.filter((_, i) => i !== Number(branch[1])),
    );
  }
  return setField(definition, source, field, field === 'body' ? '' : null);
}

/** What "New blank" creates: a manual trigger and one step, which saves as it is. */
export function blankDefinition(name: string): WorkflowDefinition {
  return {
    name,
    description: '',
    trigger: { type: 'manual', inputs: [] },
    start: 'start',
    steps: [{ id: 'start', type: 'set_variable', variable: 'started', value: '$now()', next: null }],
  };
}
