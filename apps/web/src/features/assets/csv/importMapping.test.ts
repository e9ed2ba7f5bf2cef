import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/client.js';
import { mappingParam, targetOptions, unknownHeaders } from './importMapping.js';

describe('the import’s column mapping', () => {
  it('offers what an import can set: not assignment or legal hold, but the initial lifecycle state', () => {
    const values = targetOptions([]).flatMap((g) => g.items.map((i) => i.value));
    expect(values).toEqual(
      expect.arrayContaining(['ignore', 'name', 'serialNumber', 'lifecycleState', 'tags']),
    );
    expect(values).not.toContain('assignedPersonId');
    expect(values).not.toContain('legalHold');
  });

  it('offers custom fields by key', () => {
    const groups = targetOptions([
      {
        id: '1',
        entityType: 'asset',
        key: 'cf_cost_centre',
        label: 'Cost centre',
        type: 'text',
        values: null,
        required: false,
        description: null,
        createdAt: '',
      },
    ]);
    expect(groups.at(-1)!.items).toEqual([
      { value: 'cf_cost_centre', label: 'Cost centre (cf_cost_centre)' },
    ]);
  });

  it('finds the columns the server could not place', () => {
    const e = new ApiError('validation_failed', 400, 'Unknown columns: Colour, Memory.', [
      { path: 'body.header.Colour', reason: 'matches no attribute, custom field, tags or kind: map it' },
      { path: 'body.header.Memory', reason: 'matches no attribute, custom field, tags or kind: map it' },
      { path: 'body.header.name', reason: 'the file has this column twice' },
    ]);
    expect(unknownHeaders(e)).toEqual(['Colour', 'Memory']);
    expect(unknownHeaders(new Error('x'))).toEqual([]);
  });

  it('sends a mapping only when there is one', () => {
    expect(mappingParam({})).toBeUndefined();
    expect(JSON.parse(mappingParam({ Colour: 'ignore' })!)).toEqual({ Colour: 'ignore' });
  });
});
