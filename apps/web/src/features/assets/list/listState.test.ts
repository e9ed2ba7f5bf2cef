import { describe, expect, it } from 'vitest';
import {
  defaultState,
  fromViewQuery,
  parseStoredState,
  sameQuery,
  toQuery,
  toViewQuery,
  type ListState,
} from './listState.js';

const busy: ListState = {
  ...defaultState(['name', 'osVersion', 'cf_cost_centre']),
  lifecycleStates: ['deployed', 'in_repair'],
  deviceTypes: ['laptop'],
  osName: 'macOS',
  search: '  jane ',
  filters: [{ field: 'memoryGb', op: 'gte', value: 16 }],
  sort: { field: 'serialNumber', direction: 'desc' },
};

describe('the Assets page state', () => {
  it('becomes a search body with the quick filters first, the search trimmed and only the shown fields', () => {
    expect(toQuery(busy)).toEqual({
      filters: [
        { field: 'lifecycleState', op: 'in', value: ['deployed', 'in_repair'] },
        { field: 'deviceType', op: 'in', value: ['laptop'] },
        { field: 'osName', op: 'eq', value: 'macOS' },
        { field: 'memoryGb', op: 'gte', value: 16 },
      ],
      search: 'jane',
      sort: { field: 'serialNumber', direction: 'desc' },
      limit: 100,
      fields: ['name', 'osVersion', 'cf_cost_centre'],
    });
  });

  it('always fetches the name, but a view stores exactly the chosen columns', () => {
    const s = { ...defaultState(['serialNumber']) };
    expect(toQuery(s).fields).toEqual(['serialNumber', 'name']);
    expect(toViewQuery(s).fields).toEqual(['serialNumber']);
    expect(toQuery(defaultState()).search).toBeUndefined();
  });

  it('round-trips through a saved view', () => {
    const back = fromViewQuery(toViewQuery(busy));
    expect(back).toEqual({ ...busy, search: 'jane' });
    expect(sameQuery(back, busy)).toBe(true);
    expect(sameQuery(back, { ...busy, osName: 'Windows' })).toBe(false);
  });

  it('puts filters the quick bar cannot show under "more filters"', () => {
    const s = fromViewQuery({
      filters: [
        { field: 'lifecycleState', op: 'neq', value: 'disposed' },
        { field: 'osName', op: 'prefix', value: 'Win' },
        { field: 'deviceType', op: 'eq', value: 'phone' },
      ],
    });
    expect(s.lifecycleStates).toEqual([]);
    expect(s.osName).toBe('');
    expect(s.deviceTypes).toEqual(['phone']);
    expect(s.filters).toEqual([
      { field: 'lifecycleState', op: 'neq', value: 'disposed' },
      { field: 'osName', op: 'prefix', value: 'Win' },
    ]);
    expect(s.columns.length).toBeGreaterThan(0);
  });

  it('reads a stored state defensively', () => {
    expect(parseStoredState(null)).toBeNull();
    expect(parseStoredState('not json')).toBeNull();
    expect(parseStoredState('{"columns":"x"}')).toBeNull();
    expect(parseStoredState(JSON.stringify(busy))).toEqual(busy);
  });
});
