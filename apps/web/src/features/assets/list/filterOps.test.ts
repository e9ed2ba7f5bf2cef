import { describe, expect, it } from 'vitest';
import { describeFilter, filterFields, opsFor, parseFilterValue } from './filterOps.js';

describe('"more filters"', () => {
  it('types what was typed as the server expects', () => {
    expect(parseFilterValue('number', 'gte', ' 16 ')).toBe(16);
    expect(parseFilterValue('number', 'gte', 'x')).toBeNull();
    expect(parseFilterValue('number', 'in', '8, 16')).toEqual([8, 16]);
    expect(parseFilterValue('text', 'in', 'a, b,')).toEqual(['a', 'b']);
    expect(parseFilterValue('boolean', 'eq', 'false')).toBe(false);
    expect(parseFilterValue('text', 'exists', 'false')).toBe(false);
    expect(parseFilterValue('text', 'exists', 'true')).toBe(true);
    expect(parseFilterValue('text', 'eq', '   ')).toBeNull();
    expect(parseFilterValue('datetime', 'gt', '2024-05-01T10:00')).toMatch(/^2024-05-01T\d\d:00:00.000Z$/);
  });

  it('offers prefix only where the server allows it', () => {
    expect(opsFor('number')).not.toContain('prefix');
    expect(opsFor('boolean')).toEqual(['eq', 'neq', 'exists']);
    expect(opsFor('text')).toContain('prefix');
  });

  it('lists canonical, other and custom fields and describes a filter for people', () => {
    const fields = filterFields([
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
    expect(fields.map((f) => f.key)).toEqual(
      expect.arrayContaining(['osVersion', 'tags', 'createdAt', 'cf_cost_centre']),
    );
    expect(describeFilter({ field: 'memoryGb', op: 'gte', value: 16 }, fields)).toBe(
      'Memory (GB) is at least 16',
    );
    expect(describeFilter({ field: 'cf_cost_centre', op: 'exists', value: false }, fields)).toBe(
      'Cost centre is empty',
    );
  });
});
