// The step graph's rules: ids unique, every reference resolves, no cycles (repetition is for_each's
// job), every step reachable (or the undo step of one), and a parallel branch or a for_each body kept to its own steps.
import type { ErrorDetail } from '@steward/domain';
import { COMPENSATING_STEPS, type Step, type WorkflowDefinition } from './definition.schemas.js';

/** A step's successors by the field that names them. */
export function successors(step: Step): [field: string, id: string | null][] {
  switch (step.type) {
    case 'condition':
      return [
        ['then', step.then],
        ['else', step.else],
      ];
    case 'approval':
      return [
        ['approved', step.approved],
        ['rejected', step.rejected],
      ];
    case 'parallel':
      return [...step.branches.map((b, i) => [`branches[${i}]`, b] as [string, string]), ['next', step.next]];
    case 'for_each':
      return [
        ['body', step.body],
        ['next', step.next],
      ];
    default:
      return [['next', step.next]];
  }
}

/** The sub-graphs a step owns: its branches or loop body, each run to its own end. */
function regionsOf(step: Step): string[] {
  if (step.type === 'parallel') return step.branches;
  if (step.type === 'for_each') return [step.body];
  return [];
}

function reach(from: string, byId: Map<string, Step>, skip?: (s: Step) => string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    const step = byId.get(id);
    if (!step || seen.has(id)) continue;
    seen.add(id);
    for (const [, to] of successors(step)) if (to && !(skip?.(step) ?? []).includes(to)) stack.push(to);
  }
  return seen;
}

export function checkGraph(definition: WorkflowDefinition, at: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const byId = new Map<string, Step>();
  const indexOf = new Map<string, number>();
  definition.steps.forEach((s, i) => {
    if (byId.has(s.id)) problems.push({ path: `${at}.steps[${i}].id`, reason: `"${s.id}" is used twice` });
    byId.set(s.id, s);
    indexOf.set(s.id, i);
  });
  const where = (id: string) => `${at}.steps[${indexOf.get(id) ?? '?'}]`;

  if (!byId.has(definition.start))
    problems.push({ path: `${at}.start`, reason: `no step "${definition.start}"` });
  for (const step of definition.steps)
    for (const [field, to] of successors(step))
      if (to !== null && !byId.has(to))
        problems.push({ path: `${where(step.id)}.${field}`, reason: `no step "${to}"` });
  const undoers = new Set<string>();
  for (const step of definition.steps) {
    if (!step.compensate) continue;
    const undo = byId.get(step.compensate);
    if (!undo)
      problems.push({ path: `${where(step.id)}.compensate`, reason: `no step "${step.compensate}"` });
    else if (!(COMPENSATING_STEPS as readonly string[]).includes(undo.type))
      problems.push({
        path: `${where(step.id)}.compensate`,
        reason: `"${undo.id}" is a ${undo.type}; an undo step must finish at once (${COMPENSATING_STEPS.join(', ')})`,
      });
    else undoers.add(undo.id);
  }
  if (problems.length > 0) return problems;

  // Cycles: a depth-first walk meeting a step still on its own path.
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string): void => {
    state.set(id, 'open');
    const step = byId.get(id) as Step;
    for (const [field, to] of successors(step)) {
      if (to === null) continue;
      if (state.get(to) === 'open')
        problems.push({
          path: `${where(id)}.${field}`,
          reason: `"${to}" comes back round to "${id}": a workflow may not loop (use for_each)`,
        });
      else if (!state.has(to)) visit(to);
    }
    state.set(id, 'done');
  };
  visit(definition.start);

  const reachable = reach(definition.start, byId);
  for (const step of definition.steps)
    if (!reachable.has(step.id) && !undoers.has(step.id))
      problems.push({
        path: `${where(step.id)}.id`,
        reason: `"${step.id}" cannot be reached from "${definition.start}"`,
      });

  // A branch or loop body must end on its own: reaching the step after its owner would run that twice.
  for (const owner of definition.steps) {
    const after = owner.type === 'parallel' || owner.type === 'for_each' ? owner.next : null;
    const outside = after ? reach(after, byId) : new Set<string>();
    regionsOf(owner).forEach((start, i) => {
      const region = reach(start, byId);
      const field = owner.type === 'parallel' ? `branches[${i}]` : 'body';
      const leak = [...region].find((id) => outside.has(id) || id === owner.id);
      if (leak)
        problems.push({
          path: `${where(owner.id)}.${field}`,
          reason: `"${start}" reaches "${leak}", outside its ${owner.type === 'parallel' ? 'branch' : 'loop body'}; end it with next: null`,
        });
    });
  }
  return problems;
}
