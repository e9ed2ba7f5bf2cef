// The ingestion pipeline end to end, on SQLite and on PostgreSQL.
//
// A fleet of --devices devices (default 1,000,000) is seen by three sources (MDM, EDR, reseller: 3 × N
// observations; one EDR host in five has no serial and joins by MAC; see reconcile.data.ts), posted in
// batches of 10,000 through ingestObservations, the same entry point as POST /api/v1/observations:
// validation, hash, source records, identification, reconciliation, asset rows, provenance, audit, events.
//   - first pass:      observations/s, baseline = raw batched upserts/s of the same rows (same JSON, same
//                      key) into a table shaped like source_records in the same database, same run;
//                      target ratio >= 0.5, and the whole first pass within 60 s at 1M devices (SQLite)
//   - unchanged pass:  the same observations again (every hash matches): observations/s against the first
//                      pass; target ratio >= 3
//   - peak RSS (MB) over the whole run against 1024 MB; target ratio <= 1 (streaming, bounded memory)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { DEFAULT_PG_ADMIN_URL, createPgDatabase } from './pg-database.js';
import { SOURCES, observation } from './reconcile.data.js';
import { note, perSecond, positiveInt, printSkip, time, type BenchResult } from './harness.js';
import { openMigratedStore, systemClock, toJson, type Store } from '../apps/server/src/platform/db/index.js';
import { createMemoryBus } from '../apps/server/src/platform/bus/index.js';
import { systemContext } from '../apps/server/src/platform/auth/index.js';
import { ensureTenant } from '../apps/server/src/features/tenants/index.js';
import { createSource, ingestObservations } from '../apps/server/src/features/ingestion/index.js';

const BENCH = 'reconcile';
const BATCH = 10_000;
const RAW_ROWS_PER_STATEMENT = 400;

interface Options {
  devices: number;
  dialects: ('sqlite' | 'postgres')[];
}

function parseOptions(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: { devices: { type: 'string' }, only: { type: 'string' } },
    strict: true,
  });
  if (values.only !== undefined && values.only !== 'sqlite' && values.only !== 'postgres')
    throw new Error(`--only must be sqlite or postgres, got ${JSON.stringify(values.only)}`);
  return {
    devices: positiveInt('devices', values.devices, 1_000_000),
    dialects: values.only ? [values.only] : ['sqlite', 'postgres'],
  };
}

/** Every observation of the run, batch by batch: per range of devices, each source in turn. */
function* batches(devices: number, observedAt: string): Generator<Record<string, unknown>[]> {
  const perSource = Math.max(1, Math.floor(BATCH / 1));
  for (let from = 0; from < devices; from += perSource) {
    const to = Math.min(devices, from + perSource);
    for (const s of SOURCES) {
      const batch: Record<string, unknown>[] = [];
      for (let i = from; i < to; i++) batch.push(observation(s.key, i, observedAt));
      yield batch;
    }
  }
}

class RssPeak {
  peak = process.memoryUsage().rss;
  private readonly timer = setInterval(() => this.sample(), 250);
  sample() {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }
  stop() {
    this.sample();
    clearInterval(this.timer);
  }
}

async function rawUpserts(store: Store, devices: number, observedAt: string): Promise<number> {
  await sql`CREATE TABLE bench_raw (
    id text PRIMARY KEY, tenant_id text NOT NULL, source text NOT NULL, record_key text NOT NULL,
    kind text NOT NULL, observed_at text NOT NULL, identifiers text NOT NULL, attributes text NOT NULL)`.execute(
    store.db,
  );
  await sql`CREATE UNIQUE INDEX bench_raw_key ON bench_raw (tenant_id, source, record_key)`.execute(store.db);
  let n = 0;
  const { ms } = await time(async () => {
    for (const batch of batches(devices, observedAt)) {
      await store.db.transaction().execute(async (trx) => {
        for (let i = 0; i < batch.length; i += RAW_ROWS_PER_STATEMENT) {
          const rows = batch.slice(i, i + RAW_ROWS_PER_STATEMENT).map((o) => ({
            id: `${String(o.source)}:${String(o.sourceKey)}`,
            t: 'bench',
            s: String(o.source),
            k: String(o.sourceKey),
            kind: String(o.kind),
            at: String(o.observedAt),
            ids: toJson(o.identifiers),
            attrs: toJson(o.attributes),
          }));
          const values = sql.join(
            rows.map((r) => sql`(${r.id}, ${r.t}, ${r.s}, ${r.k}, ${r.kind}, ${r.at}, ${r.ids}, ${r.attrs})`),
          );
          await sql`INSERT INTO bench_raw (id, tenant_id, source, record_key, kind, observed_at, identifiers, attributes)
            VALUES ${values}
            ON CONFLICT (tenant_id, source, record_key) DO UPDATE SET observed_at = excluded.observed_at,
              identifiers = excluded.identifiers, attributes = excluded.attributes`.execute(trx);
        }
      });
      n += batch.length;
    }
  });
  await sql`DROP TABLE bench_raw`.execute(store.db);
  return perSecond(n, ms);
}

async function pipelinePass(store: Store, devices: number, observedAt: string, label: string) {
  const bus = createMemoryBus(() => undefined);
  const tenant = await ensureTenant(store.db, systemClock, 'bench', 'Bench');
  const deps = { db: store.db, clock: systemClock, bus, dialect: store.dialect };
  const ctx = systemContext(tenant.id, 'reconcile bench');
  if (label === 'first')
    for (const s of SOURCES) await createSource(deps, ctx, { key: s.key, name: s.key, type: s.type });
  const counts: Record<string, number> = {};
  let n = 0;
  const started = Date.now();
  const { ms } = await time(async () => {
    for (const batch of batches(devices, observedAt)) {
      const r = await ingestObservations(deps, ctx, batch);
      for (const [k, v] of Object.entries(r.counts)) counts[k] = (counts[k] ?? 0) + v;
      n += batch.length;
      if (n % 300_000 === 0)
        note(`  ${label} pass: ${n} observations, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  });
  await bus.close();
  if ((counts.rejected ?? 0) > 0 || (counts.review ?? 0) > 0)
    throw new Error(`${label} pass: unexpected outcomes ${JSON.stringify(counts)}`);
  return { perS: perSecond(n, ms), ms, counts };
}

async function runOn(
  dialect: 'sqlite' | 'postgres',
  o: Options,
  databaseUrl?: string,
): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-bench-reconcile-'));
  const store = await openMigratedStore({ databaseUrl, dataDir });
  const rss = new RssPeak();
  try {
    const observedAt = new Date().toISOString();
    note(`${dialect}: raw upserts of ${o.devices * 3} rows`);
    const raw = await rawUpserts(store, o.devices, observedAt);
    note(`${dialect}: raw ${raw.toFixed(0)} rows/s; first pass`);
    const first = await pipelinePass(store, o.devices, observedAt, 'first');
    note(
      `${dialect}: first ${first.perS.toFixed(0)} obs/s in ${(first.ms / 1000).toFixed(1)} s ${JSON.stringify(first.counts)}`,
    );
    const assets = await store.db
      .selectFrom('assets')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(assets.n) !== o.devices)
      throw new Error(`expected ${o.devices} devices, the pipeline made ${assets.n}`);
    const second = await pipelinePass(store, o.devices, observedAt, 'unchanged');
    if (second.counts.unchanged !== o.devices * 3)
      throw new Error(`unchanged pass: ${JSON.stringify(second.counts)}`);
    rss.stop();
    note(
      `${dialect}: unchanged ${second.perS.toFixed(0)} obs/s; peak RSS ${(rss.peak / 2 ** 20).toFixed(0)} MB`,
    );
    return [
      {
        bench: BENCH,
        figure: `${dialect}_first_pass_obs_per_s`,
        value: first.perS,
        baseline: raw,
        target: { on: 'ratio', op: '>=', threshold: 0.5 },
      },
      {
        bench: BENCH,
        figure: `${dialect}_first_pass_s`,
        value: first.ms / 1000,
        baseline: (o.devices * 3) / raw,
        target: { on: 'value', op: '<=', threshold: (60 * o.devices) / 1_000_000 },
      },
      {
        bench: BENCH,
        figure: `${dialect}_unchanged_pass_obs_per_s`,
        value: second.perS,
        baseline: first.perS,
        target: { on: 'ratio', op: '>=', threshold: 3 },
      },
      {
        bench: BENCH,
        figure: `${dialect}_peak_rss_mb`,
        value: rss.peak / 2 ** 20,
        baseline: 1024,
        target: { on: 'ratio', op: '<=', threshold: 1 },
      },
    ];
  } finally {
    rss.stop();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(args: string[]): Promise<BenchResult[]> {
  const o = parseOptions(args);
  const results: BenchResult[] = [];
  for (const dialect of o.dialects) {
    if (dialect === 'sqlite') {
      results.push(...(await runOn('sqlite', o)));
      continue;
    }
    const db = await createPgDatabase(process.env.STEWARD_BENCH_PG_URL ?? DEFAULT_PG_ADMIN_URL);
    if ('error' in db) {
      if (process.env.CI) throw new Error(`PostgreSQL is required when CI is set: ${db.error}`);
      printSkip(BENCH, 'postgres', db.error);
      continue;
    }
    try {
      results.push(...(await runOn('postgres', o, db.url)));
    } finally {
      await db.drop();
    }
  }
  return results;
}
