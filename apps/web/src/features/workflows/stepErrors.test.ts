import { describe, expect, it } from 'vitest';
import { fieldError, placeStepErrors, topField } from './stepErrors.js';
import type { WorkflowDefinition } from './workflows.types.js';

const sent: WorkflowDefinition = {
  name: 'W',
  trigger: { type: 'manual' },
  start: 'check',
  steps: [
    { id: 'check', type: 'condition', if: '(', then: null, else: null },
    { id: 'ask', type: 'approval', title: 't', levels: [] },
  ],
};

describe('server errors placed at their steps', () => {
  it('names the step by its index in what was sent, keeping the field within it', () => {
    const placed = placeStepErrors(
      [
        { path: 'body.steps[0].if', reason: 'bad expression' },
        { path: 'body.steps[1].levels[0].assignee.person', reason: 'bad expression' },
        { path: 'body.steps[1]', reason: 'a wait needs exactly one of for, until and condition' },
        { path: 'body.trigger.filter', reason: 'bad expression' },
        { path: 'body.steps[7].id', reason: 'out of range' },
      ],
      sent,
    );
    expect(Object.fromEntries(placed.byStep)).toEqual({
      check: [{ field: 'if', reason: 'bad expression' }],
      ask: [
        { field: 'levels[0].assignee.person', reason: 'bad expression' },
        { field: '', reason: 'a wait needs exactly one of for, until and condition' },
      ],
    });
    expect(placed.other.map((d) => d.path)).toEqual(['body.trigger.filter', 'body.steps[7].id']);
  });

  it('places a refused run’s reasons, which name steps by id', () => {
    const placed = placeStepErrors(
      [{ path: 'definition.steps.ask', reason: 'approval does not run yet' }],
      sent,
    );
    expect(placed.byStep.get('ask')).toEqual([{ field: '', reason: 'approval does not run yet' }]);
  });

  it('joins the reasons for one field and finds the top field of a nested path', () => {
    const errors = [
      { field: 'if', reason: 'a' },
      { field: 'if', reason: 'b' },
      { field: 'then', reason: 'c' },
    ];
    expect(fieldError(errors, 'if')).toBe('a; b');
    expect(fieldError(errors, 'else')).toBeUndefined();
    expect(topField('levels[0].assignee.person')).toBe('levels');
    expect(topField('input.pin')).toBe('input');
  });
});
