import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconcile, type RecordEvidence, type ReconcileContext } from './reconcile.js';
import { DEFAULT_PRECEDENCE, DEFAULT_STALE_AFTER_DAYS, type SourceType } from './sources.js';
import { ASSET_ATTRIBUTE_BY_KEY } from './attributes.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const ctx: ReconcileContext = {
  precedence: DEFAULT_PRECEDENCE,
  groupOf: (a) => ASSET_ATTRIBUTE_BY_KEY.get(a)?.group ?? 'custom',
  staleAfterDays: (r) => DEFAULT_STALE_AFTER_DAYS[r.sourceType],
  now: NOW,
};

function rec(
  sourceType: SourceType,
  attributes: RecordEvidence['attributes'],
  over: Partial<RecordEvidence> = {},
): RecordEvidence {
  const sourceId = over.sourceId ?? `src-${sourceType}`;
  return {
    recordId: `${sourceId}:${over.recordKey ?? '1'}`,
    sourceId,
    sourceKey: sourceId,
    sourceType,
    recordKey: '1',
    observedAt: '2026-05-31T00:00:00.000Z',
    lastSeenAt: '2026-05-31T00:00:00.000Z',
    missing: false,
    attributes,
    ...over,
  };
}

describe('reconcile', () => {
  it('takes each group from its own best source and keeps provenance', () => {
    const twin = reconcile(
      [
        rec('mdm', { osVersion: '14.5', diskEncrypted: true, purchasePrice: 999 }),
        rec('edr', { osVersion: '14.4', edrHealthy: true, diskEncrypted: false }),
        rec('purchasing', { purchasePrice: 1299, vendor: 'CDW' }),
      ],
      ctx,
    );
    expect(twin.values).toEqual({
      diskEncrypted: false, // security: EDR before MDM
      edrHealthy: true,
      osVersion: '14.5', // os: MDM before EDR
      purchasePrice: 1299, // financial: purchasing before MDM
      vendor: 'CDW',
    });
    expect(twin.provenance.osVersion).toMatchObject({ sourceType: 'mdm', value: '14.5' });
    expect(Object.keys(twin.conflicts).sort()).toEqual(['diskEncrypted', 'osVersion', 'purchasePrice']);
    expect(twin.conflicts.osVersion!.map((c) => [c.sourceType, c.value])).toEqual([
      ['mdm', '14.5'],
      ['edr', '14.4'],
    ]);
  });

  it('never lets a blank overwrite a value', () => {
    const twin = reconcile(
      [rec('mdm', { osVersion: '', model: null }), rec('edr', { osVersion: '14.4', model: 'Mac' })],
      ctx,
    );
    expect(twin.values).toEqual({ osVersion: '14.4', model: 'Mac' });
    expect(twin.conflicts).toEqual({});
  });

  it('lets a stale source yield to the next one, and use it when it is all there is', () => {
    const old = '2026-04-01T00:00:00.000Z'; // 61 days before NOW: past MDM's 30
    const twin = reconcile(
      [
        rec('mdm', { osVersion: '13.6', model: 'MacBook' }, { lastSeenAt: old, observedAt: old }),
        rec('edr', { osVersion: '14.4' }),
      ],
      ctx,
    );
    expect(twin.values).toEqual({ osVersion: '14.4', model: 'MacBook' });
    expect(twin.provenance.model).toMatchObject({ sourceType: 'mdm', stale: true });
    expect(twin.conflicts.osVersion!.map((c) => [c.sourceType, c.stale])).toEqual([
      ['edr', false],
      ['mdm', true],
    ]);
  });

  it('orders sources by key before type, and unlisted sources last', () => {
    const c = { ...ctx, precedence: { ...DEFAULT_PRECEDENCE, os: ['source:jamf-eu', 'mdm'] } };
    const twin = reconcile(
      [
        rec('mdm', { osVersion: '14.5' }, { sourceId: 'jamf-us' }),
        rec('mdm', { osVersion: '14.1' }, { sourceId: 'jamf-eu' }),
        rec('agent', { osVersion: '15.0' }),
      ],
      c,
    );
    expect(twin.values.osVersion).toBe('14.1');
  });

  it('within one source the latest observation wins (a re-enrolled device)', () => {
    const twin = reconcile(
      [
        rec('mdm', { osVersion: '14.1' }, { recordKey: '17', observedAt: '2026-05-01T00:00:00.000Z' }),
        rec('mdm', { osVersion: '14.5' }, { recordKey: '42', observedAt: '2026-05-30T00:00:00.000Z' }),
      ],
      ctx,
    );
    expect(twin.values.osVersion).toBe('14.5');
    expect(twin.conflicts).toEqual({}); // one source does not conflict with itself
  });

  it('ignores missing records unless every record is missing, then flags the twin', () => {
    const some = reconcile([rec('mdm', { model: 'A' }, { missing: true }), rec('edr', { model: 'B' })], ctx);
    expect(some).toMatchObject({ values: { model: 'B' }, orphaned: false });
    const all = reconcile([rec('mdm', { model: 'A' }, { missing: true })], ctx);
    expect(all).toMatchObject({ values: { model: 'A' }, orphaned: true });
  });

  it('clears a value only when an admin cleared it and no source has one', () => {
    const cleared = reconcile([rec('manual', { assetTag: null })], ctx);
    expect(cleared.values).toEqual({ assetTag: null });
    const kept = reconcile([rec('manual', { model: null }), rec('mdm', { model: 'Mac' })], ctx);
    expect(kept.values).toEqual({ model: 'Mac' });
  });

  it('gives the same twin for the same records in any order', () => {
    const types: SourceType[] = ['mdm', 'edr', 'agent', 'purchasing', 'manual', 'directory'];
    // Two sources share a type, so equal ranks from different sources occur.
    const SOURCE_TYPE_OF: SourceType[] = ['mdm', 'mdm', 'edr', 'manual', 'purchasing'];
    const attrs = ['osVersion', 'model', 'diskEncrypted', 'purchasePrice', 'hostname', 'edrHealthy'];
    const value = fc.oneof(
      fc.constantFrom('a', 'b', '', 'c'),
      fc.integer({ min: 0, max: 3 }),
      fc.boolean(),
      fc.constant(null),
    );
    const record = fc.record({
      source: fc.integer({ min: 0, max: 4 }),
      type: fc.constantFrom(...types),
      key: fc.constantFrom('1', '2'),
      observedDay: fc.integer({ min: 1, max: 3 }), // few days, so ties are common
      seenDay: fc.integer({ min: 0, max: 90 }),
      missing: fc.boolean(),
      attributes: fc.dictionary(fc.constantFrom(...attrs), value),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(record, { selector: (r) => `${r.source}:${r.key}`, maxLength: 8 }),
        (raw) => {
          const records = raw.map((r) =>
            rec(r.type, r.attributes, {
              sourceId: `s${r.source}`,
              sourceType: SOURCE_TYPE_OF[r.source]!,
              recordKey: r.key,
              recordId: `s${r.source}:${r.key}`,
              observedAt: `2026-05-${String(r.observedDay).padStart(2, '0')}T00:00:00.000Z`,
              lastSeenAt: new Date(NOW.getTime() - r.seenDay * 86_400_000).toISOString(),
              missing: r.missing,
            }),
          );
          const expected = reconcile(records, ctx);
          return (
            fc.assert(
              fc.property(
                fc.shuffledSubarray(records, { minLength: records.length, maxLength: records.length }),
                (shuffled) => {
                  expect(reconcile(shuffled, ctx)).toEqual(expected);
                },
              ),
              { numRuns: 10 },
            ) ?? true
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
