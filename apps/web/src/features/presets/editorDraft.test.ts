import { describe, expect, it } from 'vitest';
import { bodyOf, draftOf, placeErrors } from './editorDraft.js';
import type { Preset } from './presets.types.js';

const lock: Preset = {
  id: 'builtin.jamf-pro.remote-lock',
  name: 'Jamf Pro: remote device lock',
  description: 'Locks it.',
  connectorId: 'jamf-pro',
  connectorTitle: 'Jamf Pro',
  targetKind: 'asset',
  destructive: false,
  builtIn: true,
  inputSchema: {},
  definition: {
    inputs: [{ name: 'pin', label: 'PIN', type: 'string', required: true, pattern: '\\d{6}' }],
    requests: [{ name: 'r', method: 'GET', url: '/x/{{ target.key }}', query: {}, headers: {} }],
    output: '{"a": 1}',
  },
  createdAt: null,
  updatedAt: null,
};

describe('the preset editor draft', () => {
  it('starts a duplicate from the preset, renamed, and an edit as it is', () => {
    const dup = draftOf(lock, 'duplicate');
    expect(dup).toMatchObject({ name: 'Jamf Pro: remote device lock (copy)', connectorId: 'jamf-pro' });
    expect(JSON.parse(dup.definition)).toEqual(lock.definition);
    expect(draftOf(lock, 'edit').name).toBe(lock.name);
    expect(draftOf(undefined, 'new')).toMatchObject({ name: '', connectorId: '', targetKind: 'asset' });
  });

  it('sends the parsed definition, trimmed names, and refuses text that is not a JSON object', () => {
    const draft = { ...draftOf(lock, 'edit'), name: '  Lock it  ' };
    const ok = bodyOf(draft);
    expect(ok).toEqual({
      body: {
        name: 'Lock it',
        description: 'Locks it.',
        connectorId: 'jamf-pro',
        targetKind: 'asset',
        destructive: false,
        definition: lock.definition,
      },
    });
    const broken = bodyOf({ ...draft, definition: '{"requests": [' });
    expect(broken).toEqual({ jsonError: expect.stringMatching(/^Not valid JSON/) as unknown });
    expect(bodyOf({ ...draft, definition: '[1]' })).toHaveProperty('jsonError');
  });

  it('places reasons about top fields at them and lists the definition’s with their paths', () => {
    const placed = placeErrors([
      { path: 'body.name', reason: 'already taken' },
      { path: 'body.definition.output', reason: 'unexpected end' },
      { path: 'body.definition.requests[0].url', reason: 'bad hole' },
    ]);
    expect(placed.byField).toEqual({ name: 'already taken' });
    expect(placed.definition.map((d) => d.path)).toEqual([
      'body.definition.output',
      'body.definition.requests[0].url',
    ]);
  });
});
