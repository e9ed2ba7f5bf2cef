import { describe, expect, it } from 'vitest';
import { defaultState } from '../list/listState.js';
import { exportUrl } from './exportUrl.js';

function params(url: string): URLSearchParams {
  const [path, qs] = url.split('?');
  expect(path).toBe('/api/v1/assets/export.csv');
  return new URLSearchParams(qs);
}

describe('the CSV export of the current view', () => {
  it('asks for the shown columns in the shown order, sorted as shown', () => {
    const p = params(exportUrl({ ...defaultState(['serialNumber', 'name', 'cf_cost_centre']) }));
    expect(p.get('fields')).toBe('serialNumber,name,cf_cost_centre');
    expect(p.get('sort')).toBe('name');
    expect(p.has('filter')).toBe(false);
    expect(p.has('q')).toBe(false);
  });

  it('carries the quick filters, "more filters", the search and a descending sort', () => {
    const p = params(
      exportUrl({
        ...defaultState(['name']),
        lifecycleStates: ['deployed'],
        osName: 'macOS',
        search: ' ada ',
        filters: [{ field: 'memoryGb', op: 'gte', value: 16 }],
        sort: { field: 'updatedAt', direction: 'desc' },
      }),
    );
    expect(JSON.parse(p.get('filter')!)).toEqual([
      { field: 'lifecycleState', op: 'in', value: ['deployed'] },
      { field: 'osName', op: 'eq', value: 'macOS' },
      { field: 'memoryGb', op: 'gte', value: 16 },
    ]);
    expect(p.get('q')).toBe('ada');
    expect(p.get('sort')).toBe('-updatedAt');
  });
});
