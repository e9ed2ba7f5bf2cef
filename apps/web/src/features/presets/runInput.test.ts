import { describe, expect, it } from 'vitest';
import { errorsByField } from '../connectors/index.js';
import { patternErrors, readablePattern, runFieldPaths } from './runInput.js';

const schema = {
  type: 'object',
  required: ['pin'],
  properties: {
    pin: { type: 'string', title: 'PIN', pattern: '^(?:\\d{6})$' },
    message: { type: 'string', title: 'Message' },
    odd: { type: 'string', pattern: '(?<=' },
  },
};

describe('run input checks', () => {
  it('names an input that does not match its pattern, as the server writes the reason', () => {
    expect(patternErrors(schema, { pin: '12345', message: 'hi' })).toEqual({ pin: 'must match \\d{6}' });
    expect(patternErrors(schema, { pin: '123456' })).toEqual({});
    expect(patternErrors(schema, { pin: '1234567' })).toEqual({ pin: 'must match \\d{6}' });
    // A pattern this browser cannot compile is not the panel's to judge.
    expect(patternErrors(schema, { odd: 'x' })).toEqual({});
    expect(readablePattern('[a-z]+')).toBe('[a-z]+');
  });

  it('places the server’s reasons at the instance, entity and input fields', () => {
    const placed = errorsByField(
      [
        { path: 'body.input.pin', reason: 'must match \\d{6}' },
        { path: 'body.entityId', reason: 'not reported by Jamf' },
        { path: 'body.confirm', reason: 'must be true' },
      ],
      runFieldPaths(['pin', 'message']),
    );
    expect(placed.byField).toEqual({ 'input.pin': 'must match \\d{6}', entityId: 'not reported by Jamf' });
    expect(placed.rest.map((d) => d.path)).toEqual(['body.confirm']);
  });
});
