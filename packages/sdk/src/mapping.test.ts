import { describe, expect, it } from 'vitest';
import { isMapError } from './mapping.js';
import { nonCanonicalAttributes, observationSchema, type Observation } from './observation.js';
import { mapComputer } from './testing/acme-connector.js';
import { acmeComputer } from './testing/acme-server.js';

const context = { observedAt: '2025-02-02T00:00:00.000Z' };

describe('mappers', () => {
  it('map a source record to a valid observation with canonical keys', () => {
    const observation = mapComputer(acmeComputer(7), context);
    expect(isMapError(observation)).toBe(false);
    expect(observationSchema.parse(observation)).toMatchObject({
      sourceKey: '7',
      identifiers: { serialNumber: 'C02X0007' },
      attributes: { name: 'mac-7' },
    });
    expect(nonCanonicalAttributes(observation as Observation)).toEqual([]);
    expect(
      nonCanonicalAttributes({ ...(observation as Observation), attributes: { serial: 'x', model: 'y' } }),
    ).toEqual(['serial']);
  });

  it('fall back to the batch time and leave out blank identifiers', () => {
    const record = {
      id: '9',
      general: { name: 'x', lastContactTime: null },
      hardware: { serialNumber: null, macAddress: null },
    };
    expect(mapComputer(record, context)).toMatchObject({ observedAt: context.observedAt, identifiers: {} });
  });

  it('return a MapError naming the fields, never the values', () => {
    const result = mapComputer({ id: 3, general: { name: 'Jane Doe’s Mac' } }, context);
    expect(isMapError(result)).toBe(true);
    expect(result).toMatchObject({ type: 'map_error', field: 'id' });
    expect(JSON.stringify(result)).not.toContain('Jane');
  });

  it('observations reject unknown identifier keys and bad timestamps', () => {
    const base = {
      sourceKey: '1',
      kind: 'device',
      observedAt: '2025-01-01T00:00:00Z',
      identifiers: {},
      attributes: {},
    };
    expect(observationSchema.safeParse(base).success).toBe(true);
    expect(observationSchema.safeParse({ ...base, identifiers: { serial: 'x' } }).success).toBe(false);
    expect(observationSchema.safeParse({ ...base, observedAt: '2025-01-01' }).success).toBe(false);
    expect(observationSchema.safeParse({ ...base, kind: 'gadget' }).success).toBe(false);
  });
});
