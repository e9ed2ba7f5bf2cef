import { describe, expect, it } from 'vitest';
import { ApiError, describeError } from './client.js';

describe('describeError', () => {
  it('adds the per-field reasons of invalid input', () => {
    const e = new ApiError('validation_failed', 400, 'Disposal needs its method.', [
      { path: 'body.disposalMethod', reason: 'required when moving to disposed' },
    ]);
    expect(describeError(e)).toBe(
      'Disposal needs its method. (disposalMethod: required when moving to disposed)',
    );
  });

  it('keeps a refusal to its message, which already says why', () => {
    const e = new ApiError('illegal_transition', 409, 'An asset cannot go from ordered to deployed.', [
      { path: 'body.to', reason: 'allowed: received' },
    ]);
    expect(describeError(e)).toBe('An asset cannot go from ordered to deployed.');
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError('plain')).toBe('plain');
  });
});
