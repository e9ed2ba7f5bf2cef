// A definition as a graph for React Flow: a node per step, an edge per successor field (next, then, else,
// approved, rejected, body, branches), laid out top to bottom in layers by longest path from the roots.
// Pure, so it is unit-tested.
import type { StepDraft, StepType, WorkflowDefinition } from './workflows.types.js';

/** The fields of a step type that name the step(s) flow goes to, in the order their handles are drawn. */
export function handlesOf(type: StepType): string[] {
  switch (type) {
    case 'condition':
      return ['then', 'else'];
    case 'approval':
      return ['approved', 'rejected'];
    case 'parallel':
      return ['branches', 'next'];
    case 'for_each':
      return ['body', 'next'];
    default:
      return ['next'];
  }
}

const idOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** A step's successors by the field that names them, as the server's definition.graph.ts lists them. */
export function successors(step: StepDraft): [field: string, id: string | null][] {
  const out: [string, string | null][] = [];
  for (const handle of handlesOf(step.type)) {
    if (handle === 'branches') {
      const branches = Array.isArray(step.branches) ? step.branches : [];
      branches.forEach((b, i) => out.push([`branches[${i}]`, idOrNull(b)]));
    } else out.push([handle, idOrNull(step[handle])]);
  }
  return out;
}

/** The handle a successor field leaves from: every `branches[i]` leaves from `branches`. */
export const handleOfField = (field: string) => (field.startsWith('branches[') ? 'branches' : field);

export function edgeLabel(field: string): string | undefined {
  if (field === 'next') return undefined;
  const branch = /^branches\[(\d+)\]$/.exec(field);
  return branch ? `branch ${Number(branch[1]) + 1}` : field;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  /** The successor field, e.g. `then` or `branches[1]`. */
  field: string;
  sourceHandle: string;
  label: string | undefined;
}

/** Every successor that names a step of the definition; a reference to no step draws no edge. */
export function edgesOf(definition: WorkflowDefinition): GraphEdge[] {
  const ids = new Set(definition.steps.map((s) => s.id));
  const edges: GraphEdge[] = [];
  for (const step of definition.steps)
    for (const [field, to] of successors(step))
      if (to !== null && ids.has(to))
        edges.push({
          id: `${step.id}:${field}`,
          source: step.id,
          target: to,
          field,
          sourceHandle: handleOfField(field),
          label: edgeLabel(field),
        });
  return edges;
}

export const COLUMN_WIDTH = 250;
export const ROW_HEIGHT = 130;

/** Edges that lead back to a step still on the walk's path: a loop (refused by the server, possible while editing). */
function backEdges(definition: WorkflowDefinition, edges: GraphEdge[], roots: string[]): Set<string> {
  const out = new Map<string, GraphEdge[]>();
  for (const e of edges) out.set(e.source, [...(out.get(e.source) ?? []), e]);
  const state = new Map<string, 'open' | 'done'>();
  const back = new Set<string>();
  const visit = (id: string): void => {
    state.set(id, 'open');
    for (const e of out.get(id) ?? []) {
      if (state.get(e.target) === 'open') back.add(e.id);
      else if (!state.has(e.target)) visit(e.target);
    }
    state.set(id, 'done');
  };
  for (const id of [...roots, ...definition.steps.map((s) => s.id)]) if (!state.has(id)) visit(id);
  return back;
}

/**
 * Layers by longest path from the start (and from any step nothing leads to), so every edge points down
 * even through joins; then, layer by layer, steps ordered under the middle of their parents.
 */
export function layout(definition: WorkflowDefinition): Map<string, { x: number; y: number }> {
  const steps = definition.steps;
  const all = edgesOf(definition);
  const incoming = new Set(all.map((e) => e.target));
  const roots = steps.filter((s) => s.id === definition.start || !incoming.has(s.id)).map((s) => s.id);
  roots.sort((a, b) => Number(b === definition.start) - Number(a === definition.start));
  const back = backEdges(definition, all, roots);
  const edges = all.filter((e) => !back.has(e.id));
  const depth = new Map<string, number>(roots.map((id) => [id, 0]));
  // Without its back edges the graph has no loop, so this settles within one round per step.
  for (let round = 0; round < steps.length; round++) {
    let changed = false;
    for (const e of edges) {
      const from = depth.get(e.source);
      if (from !== undefined && (depth.get(e.target) ?? -1) < from + 1) {
        depth.set(e.target, from + 1);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const order = new Map(steps.map((s, i) => [s.id, s.id === definition.start ? -1 : i]));
  const layers: string[][] = [];
  for (const s of steps) (layers[depth.get(s.id) ?? 0] ??= []).push(s.id);

  const positions = new Map<string, { x: number; y: number }>();
  layers.forEach((layer, row) => {
    const centre = (id: string): number => {
      const xs = edges
        .filter((e) => e.target === id && positions.has(e.source))
        .map((e) => positions.get(e.source)!.x);
      return xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
    };
    const sorted = [...layer].sort((a, b) => centre(a) - centre(b) || order.get(a)! - order.get(b)!);
    sorted.forEach((id, i) =>
      positions.set(id, { x: (i - (sorted.length - 1) / 2) * COLUMN_WIDTH, y: row * ROW_HEIGHT }),
    );
  });
  return positions;
}
