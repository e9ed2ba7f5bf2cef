import { describe, expect, it } from 'vitest';
import { isStewardError } from '@steward/domain';
import { checkDefinition } from './definition.check.js';
import { lostOrStolen } from './definition.fixtures.js';

function problems(raw: unknown): { path: string; reason: string }[] {
  try {
    checkDefinition(raw, 'body');
  } catch (e) {
    if (isStewardError(e)) return e.details;
    throw e;
  }
  return [];
}

const withSteps = (steps: unknown[], start = 'a') => ({ ...lostOrStolen, start, steps });

describe('workflow definitions', () => {
  it('accepts a playbook with branches that join, and fills defaults', () => {
    const definition = checkDefinition(lostOrStolen, 'body');
    expect(definition.concurrency).toBe(10);
    expect(definition.steps[2]).toMatchObject({ id: 'tell', next: null });
  });

  it('names the step and field of a shape error', () => {
    expect(problems(withSteps([{ id: 'a', type: 'transition', to: 'vanished' }])).map((p) => p.path)).toEqual(
      ['body.steps[0].to'],
    );
    expect(problems(withSteps([{ id: 'a', type: 'teleport' }]))[0]?.path).toBe('body.steps[0].type');
  });

  it('names every broken expression and template with its step', () => {
    const found = problems(
      withSteps([
        { id: 'a', type: 'condition', if: 'after.state = ', then: 'b', else: null },
        { id: 'b', type: 'notify_email', to: 'subject.email', subject: 'Hi {{ subject. }}', body: 'x' },
      ]),
    );
    expect(found.map((p) => p.path)).toEqual(['body.steps[0].if', 'body.steps[1].subject']);
  });

  it('refuses references to missing steps, loops, unreachable steps and leaking branches', () => {
    expect(
      problems(withSteps([{ id: 'a', type: 'set_variable', variable: 'x', value: '1', next: 'zz' }])),
    ).toEqual([{ path: 'body.steps[0].next', reason: 'no step "zz"' }]);
    const loop = problems(
      withSteps([
        { id: 'a', type: 'set_variable', variable: 'x', value: '1', next: 'b' },
        { id: 'b', type: 'set_variable', variable: 'y', value: '2', next: 'a' },
      ]),
    );
    expect(loop).toEqual([
      expect.objectContaining({ path: 'body.steps[1].next', reason: expect.stringMatching(/loop/) }),
    ]);
    const orphan = problems(
      withSteps([
        { id: 'a', type: 'set_variable', variable: 'x', value: '1' },
        { id: 'b', type: 'set_variable', variable: 'y', value: '2' },
      ]),
    );
    expect(orphan).toEqual([expect.objectContaining({ path: 'body.steps[1].id' })]);
    const leaking = problems(
      withSteps([
        { id: 'a', type: 'parallel', branches: ['b', 'c'], next: 'd' },
        { id: 'b', type: 'set_variable', variable: 'x', value: '1', next: 'd' },
        { id: 'c', type: 'set_variable', variable: 'y', value: '2' },
        { id: 'd', type: 'set_variable', variable: 'z', value: '3' },
      ]),
    );
    expect(leaking).toEqual([expect.objectContaining({ path: 'body.steps[0].branches[0]' })]);
  });

  it('needs exactly one kind of wait, and checks an inline HTTP step’s own definition', () => {
    expect(
      problems(withSteps([{ id: 'a', type: 'wait', for: 'P30D', until: 'subject.warrantyEnd' }])),
    ).toEqual([{ path: 'body.steps[0]', reason: 'a wait needs exactly one of for, until and condition' }]);
    expect(problems(withSteps([{ id: 'a', type: 'wait', for: '30 days' }]))[0]?.path).toBe(
      'body.steps[0].for',
    );
    const http = problems(
      withSteps([
        {
          id: 'a',
          type: 'http',
          instance: 'Jamf EU',
          definition: { requests: [{ method: 'GET', url: '/x/{{ target. }}' }] },
        },
      ]),
    );
    expect(http.map((p) => p.path)).toEqual(['body.steps[0].definition.requests[0].url']);
  });
});
