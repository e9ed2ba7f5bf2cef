// Where a step sits in a run, and what follows it. Pure: the engine's I/O lives in step.job.ts.
// A path is the frames of the parallel branches around a step, then the step: `respond#0/lock` is step
// `lock` in branch 0 of parallel step `respond`; a top-level step's path is its id.
import type { Step, WorkflowDefinition } from '../definition.schemas.js';

export interface Frame {
  /** The parallel step's path, which the branch reports back to when it ends. */
  parallelPath: string;
  branch: number;
}

export interface ParsedPath {
  /** Everything before the step id, ending in `/` (empty at the top level). */
  prefix: string;
  stepId: string;
  frames: Frame[];
}

export function parsePath(path: string): ParsedPath {
  const parts = path.split('/');
  const stepId = parts[parts.length - 1] ?? '';
  const frames: Frame[] = [];
  let prefix = '';
  for (const part of parts.slice(0, -1)) {
    const [step, branch] = part.split('#');
    frames.push({ parallelPath: `${prefix}${step}`, branch: Number(branch) });
    prefix += `${part}/`;
  }
  return { prefix, stepId, frames };
}

/** The paths of a parallel step's branches' first steps. */
export function branchPaths(path: string, step: Extract<Step, { type: 'parallel' }>): string[] {
  const { prefix } = parsePath(path);
  return step.branches.map((first, i) => `${prefix}${step.id}#${i}/${first}`);
}

/** The path of the first step of a for_each's iteration `i` (its frame's branch is the item's index). */
export function iterationPath(path: string, step: Extract<Step, { type: 'for_each' }>, i: number): string {
  return `${parsePath(path).prefix}${step.id}#${i}/${step.body}`;
}

export type Continuation =
  /** Run this step next (same branch). */
  | { type: 'step'; path: string }
  /** The branch ended: count it off at its parallel step. */
  | { type: 'branch_done'; parallelPath: string }
  /** The top-level flow ended: the run is done. */
  | { type: 'run_done' };

/** What follows the step at `path` when it chose `next` (null ends its branch or the run). */
export function continueFrom(path: string, next: string | null): Continuation {
  const { prefix, frames } = parsePath(path);
  if (next !== null) return { type: 'step', path: `${prefix}${next}` };
  const frame = frames[frames.length - 1];
  return frame ? { type: 'branch_done', parallelPath: frame.parallelPath } : { type: 'run_done' };
}

export function stepAt(definition: WorkflowDefinition, path: string): Step {
  const { stepId } = parsePath(path);
  const step = definition.steps.find((s) => s.id === stepId);
  if (!step) throw new Error(`No step "${stepId}" in workflow "${definition.name}" (path ${path}).`);
  return step;
}
