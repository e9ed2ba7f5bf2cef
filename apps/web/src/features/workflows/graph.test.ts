import { describe, expect, it } from 'vitest';
import { edgesOf, layout, successors } from './graph.js';
import type { WorkflowDefinition } from './workflows.types.js';

// Compromised device, shaped like the shipped template: a parallel of three, then a join on "done".
const compromised: WorkflowDefinition = {
  name: 'Compromised device',
  trigger: { type: 'entity_changed', kind: 'asset' },
  start: 'check',
  steps: [
    { id: 'check', type: 'condition', if: 'true', then: 'respond', else: null },
    { id: 'respond', type: 'parallel', branches: ['lock', 'tell', 'ticket'], next: 'done' },
    { id: 'lock', type: 'preset', preset: 'p', instance: 'Jamf', input: {}, next: null },
    { id: 'tell', type: 'notify_slack', instance: 'Slack', text: 'hi', next: null },
    { id: 'ticket', type: 'create_ticket', instance: 'SN', shortDescription: 'x', next: 'after' },
    { id: 'after', type: 'set_variable', variable: 'v', value: '1', next: null },
    { id: 'done', type: 'set_variable', variable: 'v', value: '2', next: null },
  ],
};

describe('a definition as a graph', () => {
  it('lists successors by the field naming them, branches by index', () => {
    expect(successors(compromised.steps[0]!)).toEqual([
      ['then', 'respond'],
      ['else', null],
    ]);
    expect(successors(compromised.steps[1]!)).toEqual([
      ['branches[0]', 'lock'],
      ['branches[1]', 'tell'],
      ['branches[2]', 'ticket'],
      ['next', 'done'],
    ]);
    expect(
      successors({ id: 'a', type: 'approval', approved: 'x', rejected: null, title: 't', levels: [] }),
    ).toEqual([
      ['approved', 'x'],
      ['rejected', null],
    ]);
    expect(successors({ id: 'e', type: 'for_each', items: 'x', body: '', next: 'n' })).toEqual([
      ['body', null],
      ['next', 'n'],
    ]);
  });

  it('draws an edge per successor, from the handle of its field, labelled unless it is next', () => {
    const edges = edgesOf(compromised);
    expect(edges.map((e) => [e.source, e.sourceHandle, e.target, e.label])).toEqual([
      ['check', 'then', 'respond', 'then'],
      ['respond', 'branches', 'lock', 'branch 1'],
      ['respond', 'branches', 'tell', 'branch 2'],
      ['respond', 'branches', 'ticket', 'branch 3'],
      ['respond', 'next', 'done', undefined],
      ['ticket', 'next', 'after', undefined],
    ]);
    // A reference to a step that is not there draws nothing (the server names it when saving).
    const dangling = { ...compromised, steps: [{ ...compromised.steps[0]!, else: 'nowhere' }] };
    expect(edgesOf(dangling).map((e) => e.target)).toEqual([]);
  });

  it('lays steps out top to bottom by longest path, each layer centred under its parents', () => {
    const at = layout(compromised);
    const row = (id: string) => at.get(id)!.y;
    expect(row('check')).toBe(0);
    expect(row('respond')).toBeGreaterThan(row('check'));
    expect(new Set([row('lock'), row('tell'), row('ticket'), row('done')]).size).toBe(1);
    expect(row('after')).toBeGreaterThan(row('ticket'));
    // Siblings side by side, centred on the parent's column.
    const xs = ['lock', 'tell', 'ticket', 'done'].map((id) => at.get(id)!.x);
    expect(new Set(xs).size).toBe(4);
    expect(xs.reduce((a, b) => a + b, 0)).toBe(0);
    expect(at.size).toBe(compromised.steps.length);
  });

  it('places every step even when the graph loops or a step is unreachable (while editing)', () => {
    const looping: WorkflowDefinition = {
      ...compromised,
      start: 'a',
      steps: [
        { id: 'a', type: 'set_variable', next: 'b' },
        { id: 'b', type: 'set_variable', next: 'a' },
        { id: 'lonely', type: 'wait', for: 'P1D', next: null },
      ],
    };
    const at = layout(looping);
    expect([...at.keys()].sort()).toEqual(['a', 'b', 'lonely']);
    expect(at.get('b')!.y).toBeGreaterThan(at.get('a')!.y);
    expect(at.get('lonely')!.y).toBe(0);
  });
});
