import { describe, expect, it } from 'vitest';
import { branchPaths, continueFrom, parsePath } from './paths.js';

describe('step paths', () => {
  it('parses nested branch frames', () => {
    expect(parsePath('lock')).toEqual({ prefix: '', stepId: 'lock', frames: [] });
    expect(parsePath('respond#1/inner#0/tell')).toEqual({
      prefix: 'respond#1/inner#0/',
      stepId: 'tell',
      frames: [
        { parallelPath: 'respond', branch: 1 },
        { parallelPath: 'respond#1/inner', branch: 0 },
      ],
    });
  });

  it('continues in the same branch, ends a branch at its parallel step, and ends the run at the top', () => {
    expect(continueFrom('respond#0/lock', 'tell')).toEqual({ type: 'step', path: 'respond#0/tell' });
    expect(continueFrom('respond#1/inner#0/tell', null)).toEqual({
      type: 'branch_done',
      parallelPath: 'respond#1/inner',
    });
    expect(continueFrom('respond', null)).toEqual({ type: 'run_done' });
    expect(continueFrom('respond', 'after')).toEqual({ type: 'step', path: 'after' });
  });

  it('opens one frame per branch', () => {
    expect(
      branchPaths('x#0/respond', { id: 'respond', type: 'parallel', branches: ['lock', 'tell'], next: null }),
    ).toEqual(['x#0/respond#0/lock', 'x#0/respond#1/tell']);
  });
});
