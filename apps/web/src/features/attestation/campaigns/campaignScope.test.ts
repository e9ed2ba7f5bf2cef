import { describe, expect, it } from 'vitest';
import { dateInDays, EMPTY_SCOPE, scopeFilters } from './campaignScope.js';

describe('a new campaign’s scope', () => {
  it('asks about every assigned asset when nothing is chosen', () => {
    expect(scopeFilters(EMPTY_SCOPE)).toEqual([]);
  });

  it('turns the quick choices and the other filters into asset query filters', () => {
    expect(
      scopeFilters({
        lifecycleStates: ['deployed'],
        tags: [' loaner ', ''],
        filters: [{ field: 'deviceType', op: 'eq', value: 'laptop' }],
      }),
    ).toEqual([
      { field: 'lifecycleState', op: 'in', value: ['deployed'] },
      { field: 'tags', op: 'in', value: ['loaner'] },
      { field: 'deviceType', op: 'eq', value: 'laptop' },
    ]);
  });

  it('suggests a due date as a calendar date', () => {
    expect(dateInDays(14, new Date(2025, 0, 25, 12))).toBe('2025-02-08');
  });
});
