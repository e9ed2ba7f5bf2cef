import { taskParameterSchemas } from '@steward/protocol';
import { describe, expect, it } from 'vitest';
import { TASK_TYPES } from './agents.types.js';
import { buildParams, initialParams, missingParam, TASK_PARAMS } from './taskParams.js';

describe('task parameters', () => {
  it('covers exactly the task types and parameter names the protocol defines', () => {
    expect([...TASK_TYPES].sort()).toEqual(Object.keys(taskParameterSchemas).sort());
    for (const type of TASK_TYPES) {
      const protocolKeys = Object.keys(taskParameterSchemas[type].shape);
      for (const f of TASK_PARAMS[type]) expect(protocolKeys).toContain(f.key);
    }
  });

  it('builds parameters the protocol accepts from the initial values (after required ones are filled)', () => {
    const filled: Record<string, string> = { name: 'hello', package: 'firefox' };
    for (const type of TASK_TYPES) {
      const values = { ...initialParams(type) };
      for (const f of TASK_PARAMS[type]) if (f.required) values[f.key] = filled[f.key] ?? 'x';
      expect(missingParam(type, values)).toBeNull();
      expect(taskParameterSchemas[type].safeParse(buildParams(type, values)).success).toBe(true);
    }
  });

  it('leaves blanks out, sends numbers as numbers and trims text', () => {
    expect(buildParams('script', { name: ' hello ', timeoutSeconds: '' })).toEqual({ name: 'hello' });
    expect(buildParams('restart', { delaySeconds: '0' })).toEqual({ delaySeconds: 0 });
    expect(buildParams('lock', { message: '   ' })).toEqual({});
    expect(buildParams('install', { package: 'curl', version: '8.5' })).toEqual({
      package: 'curl',
      version: '8.5',
    });
  });

  it('names the first required field left blank', () => {
    expect(missingParam('update', { package: ' ' })?.key).toBe('package');
    expect(missingParam('inventory', {})).toBeNull();
  });
});
