import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemContext } from '../../platform/auth/index.js';
import { ensureTenant } from '../tenants/index.js';
import { startTestServer, type TestServer } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';
import { createSource } from './sources.service.js';
import { ingestObservations, type IngestDeps } from './ingest.js';

const SOURCES = [
  { key: 'mdm', type: 'mdm' },
  { key: 'edr', type: 'edr' },
  { key: 'po', type: 'purchasing' },
] as const;

/** One source's record of one of four devices, with values that differ between records. */
const observation = fc.record({
  device: fc.integer({ min: 0, max: 3 }),
  source: fc.constantFrom(...SOURCES.map((s) => s.key)),
  record: fc.integer({ min: 0, max: 1 }),
  day: fc.integer({ min: 1, max: 28 }),
  osVersion: fc.option(fc.constantFrom('13.6', '14.4', '14.5'), { nil: undefined }),
  model: fc.option(fc.constantFrom('A', 'B', ''), { nil: undefined }),
  diskEncrypted: fc.option(fc.boolean(), { nil: undefined }),
  purchasePrice: fc.option(fc.integer({ min: 500, max: 900 }), { nil: undefined }),
});
type Obs = typeof observation extends fc.Arbitrary<infer T> ? T : never;

function toObservation(o: Obs) {
  const attributes: Record<string, unknown> = {};
  for (const k of ['osVersion', 'model', 'diskEncrypted', 'purchasePrice'] as const)
    if (o[k] !== undefined) attributes[k] = o[k];
  return {
    source: o.source,
    sourceKey: `${o.source}-${o.device}-${o.record}`,
    kind: 'device',
    observedAt: `2026-11-${String(o.day).padStart(2, '0')}T12:00:00.000Z`,
    identifiers: { serialNumber: `SN-PROP-${o.device}` },
    attributes,
  };
}

describeEachDialect('ingestion: order independence', (dialect) => {
  let s: TestServer;
  let deps: IngestDeps;
  let n = 0;

  beforeAll(async () => {
    s = await startTestServer(dialect);
    deps = { db: s.steward.store.db, clock: s.steward.clock, bus: s.steward.bus, dialect };
  });
  afterAll(async () => s.stop());

  /** Ingest the batches into a fresh tenant and read back every device's values. */
  async function twinsAfter(batches: ReturnType<typeof toObservation>[][]) {
    const tenant = await ensureTenant(deps.db, deps.clock, `prop-${dialect}-${n}`, 'prop');
    n++;
    const ctx = systemContext(tenant.id, 'property test');
    for (const src of SOURCES) await createSource(deps, ctx, { key: src.key, name: src.key, type: src.type });
    for (const batch of batches) await ingestObservations(deps, ctx, batch);
    const rows = await deps.db
      .selectFrom('assets')
      .select(['serial_number', 'os_version', 'model', 'disk_encrypted', 'purchase_price'])
      .where('tenant_id', '=', tenant.id)
      .orderBy('serial_number')
      .execute();
    return rows.map((r) => ({
      ...r,
      purchase_price: r.purchase_price === null ? null : Number(r.purchase_price),
    }));
  }

  it('gives the same devices for the same observations in any order and batching', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(observation, { minLength: 1, maxLength: 14 }),
        fc.func(fc.integer()),
        fc.integer({ min: 1, max: 4 }),
        async (list, shuffleKey, batchSize) => {
          // One observation per record and day: two different ones at the same instant have no order.
          const unique = [
            ...new Map(list.map((o) => [`${o.source}-${o.device}-${o.record}-${o.day}`, o])).values(),
          ];
          const observations = unique.map(toObservation);
          const shuffled = observations
            .map((o, i) => ({ o, k: shuffleKey(i) }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.o);
          const batched: (typeof observations)[] = [];
          for (let i = 0; i < shuffled.length; i += batchSize) batched.push(shuffled.slice(i, i + batchSize));
          const one = await twinsAfter([observations]);
          const other = await twinsAfter(batched);
          expect(other).toEqual(one);
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);
});
