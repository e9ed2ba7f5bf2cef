// Asset query latency at a million devices, on SQLite and on PostgreSQL.
//
// The system under test is the real read path of the asset list: queryAssets() (what GET /api/v1/assets and
// POST /api/v1/assets/search run) and stateCounts() (what GET /api/v1/assets/counts runs), called in-process
// on a store opened with openMigratedStore(), against a synthetic fleet (query.data.ts) loaded in bulk
// (query.load.ts). The fleet is measured at N/10 devices, then grown to N in the same database and measured
// again, so both sizes come from one run on one machine.
//
// What is compared, in the same run and the same database, for every query:
//   - figure:   p95 latency of the app call (query building, the custom-field lookups, the page query and
//               its null-segment follow-up, the tag and custom-value reads, mapping rows to views).
//   - baseline: p95 latency of the SAME SQL text with the SAME parameters, run straight on the driver
//               (better-sqlite3 prepare().all() / pg client.query()) on a connection of its own. The SQL is
//               not rebuilt by hand: each iteration first runs the app call once through a Kysely plugin that
//               records the statements it compiles, and the baseline replays the statements that read
//               `assets` (for stateCounts, its one statement). Both paths must return the same rows, or the
//               benchmark fails.
//   - ratio:    figure ÷ baseline: the app's overhead over the bare SQL.
// Targets: list pages p95 <= 50 ms and counts p95 <= 10 ms at N; and a second line per query with the
// growth p95(N) / p95(N/10), target <= 2 (an index walk grows with log N; a scan would grow ~10x).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { DEFAULT_PG_ADMIN_URL, createPgDatabase } from './pg-database.js';
import {
  sql,
  type CompiledQuery,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { openMigratedStore, type Store } from '../apps/server/src/platform/db/index.js';
import { queryAssets } from '../apps/server/src/features/assets/asset.page.js';
import { assetQuerySchema } from '../apps/server/src/features/assets/asset.query.schemas.js';
import { stateCounts } from '../apps/server/src/features/assets/assets.repo.js';
import { note, positiveInt, printSkip, time, type BenchResult } from './harness.js';
import {
  Rng,
  STREAM,
  TENANT_1,
  TENANT_2,
  TENANT_2_DEVICES,
  TENANT_2_PEOPLE,
  device,
  hash32,
  peopleFor,
  person,
  type Sizes,
} from './query.data.js';
import {
  Tallies,
  loadRange,
  postgresWriter,
  seedTenants,
  sqliteWriter,
  withIndexesRebuilt,
  type LoadReport,
  type RawWriter,
} from './query.load.js';

const BENCH = 'query';
const PAGE_TARGET_MS = 50;
const COUNT_TARGET_MS = 10;
const GROWTH_TARGET = 2;
/** A query keeps being measured until --iterations, or until --max-seconds once it has this many. */
const MIN_ITERATIONS = 20;

type DialectName = 'sqlite' | 'postgres';

interface Options {
  n: number;
  small: number;
  iterations: number;
  warmup: number;
  maxSeconds: number;
  explain: boolean;
  analyze: boolean;
  keep: boolean;
  dialects: DialectName[];
}

function parseOptions(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      n: { type: 'string' },
      iterations: { type: 'string' },
      warmup: { type: 'string' },
      'max-seconds': { type: 'string' },
      only: { type: 'string' },
      explain: { type: 'boolean', default: false },
      'no-analyze': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const only = values.only;
  if (only !== undefined && only !== 'sqlite' && only !== 'postgres') {
    throw new Error(`--only must be sqlite or postgres, got ${JSON.stringify(only)}`);
  }
  const n = positiveInt('n', values.n, 1_000_000);
  // Below this the first size (N/10) has too few deployed macOS 14 devices for two full pages of state_os.
  if (n < 20_000)
    throw new Error('--n must be at least 20000 (the first size, N/10, needs two pages of state_os)');
  return {
    n,
    small: Math.round(n / 10),
    iterations: positiveInt('iterations', values.iterations, 200),
    warmup: values.warmup === '0' ? 0 : positiveInt('warmup', values.warmup, 20),
    maxSeconds: positiveInt('max-seconds', values['max-seconds'], 180),
    explain: values.explain,
    analyze: !values['no-analyze'],
    keep: values.keep,
    dialects: only ? [only] : ['sqlite', 'postgres'],
  };
}

// ---------------------------------------------------------------------------------------------------------
// The baseline's own connection, and the recorder that captures the app's SQL

interface RawReader {
  all(text: string, params: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** The plan, one line per node: EXPLAIN QUERY PLAN on SQLite, EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL. */
  explain(text: string, params: readonly unknown[]): Promise<string[]>;
  close(): Promise<void>;
}

/** A second better-sqlite3 connection on the store's file, set up exactly as openStore() sets up the app's. */
function sqliteReader(file: string): RawReader {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 10000');
  return {
    // Prepared per call, as the Kysely SQLite driver does for every query.
    all: async (text, params) => db.prepare(text).all(params as unknown[]) as Record<string, unknown>[],
    explain: async (text, params) => {
      const rows = db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(params as unknown[]) as {
        id: number;
        parent: number;
        detail: string;
      }[];
      const depth = new Map<number, number>([[0, 0]]);
      return rows.map((r) => {
        const d = (depth.get(r.parent) ?? 0) + 1;
        depth.set(r.id, d);
        return `${'  '.repeat(d)}${r.detail}`;
      });
    },
    close: async () => void db.close(),
  };
}

async function postgresReader(url: string): Promise<RawReader> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    all: async (text, params) =>
      (await client.query(text, params as unknown[])).rows as Record<string, unknown>[],
    explain: async (text, params) =>
      (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params as unknown[])).rows.map((r) =>
        String((r as Record<string, unknown>)['QUERY PLAN']),
      ),
    close: () => client.end(),
  };
}

/** A Kysely plugin that records every statement the app compiles (used on an untimed run only). */
class Recorder implements KyselyPlugin {
  readonly statements: CompiledQuery[] = [];
  constructor(private readonly store: Store) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.statements.push(this.store.db.getExecutor().compileQuery(args.node, args.queryId));
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

/** The page query and its null-segment follow-up: the statements that read the assets themselves. */
const ASSETS_SELECT = /^select "assets"\.\* from "assets"/;
/** A free-text page also reads the token index in sort-key order before it fetches its rows. */
const TOKENS_PAGE =
  /^select "search_tokens"\."entity_id", "search_tokens"\."sort_updated_at" from "search_tokens"/;

// ---------------------------------------------------------------------------------------------------------
// The queries

interface Env {
  dialect: DialectName;
  store: Store;
  raw: RawReader;
  sizes: Sizes;
  /** Devices of tenant 1 loaded so far. */
  size: number;
  tallies: Tallies;
  /** Run ANALYZE after each load (off with --no-analyze). */
  analyze: boolean;
}

type Page = Awaited<ReturnType<typeof queryAssets>>;
type Counts = Awaited<ReturnType<typeof stateCounts>>;
type Item = Page['items'][number];

/** An attribute of a page item as text (the view's static type does not spell out the attributes). */
const attr = (item: Item, key: string) => String((item as unknown as Record<string, unknown>)[key]);

/** One query with its parameters drawn: run it through the app or as raw SQL, and check what came back. */
interface Instance {
  statements: CompiledQuery[];
  app(): Promise<unknown>;
  raw(): Promise<Record<string, unknown>[]>;
  check(app: unknown, raw: Record<string, unknown>[]): void;
}

interface QuerySpec {
  name: string;
  targetMs: number;
  what: string;
  /** Draws the next parameters and records the SQL the app runs for them (one untimed app call). */
  next(env: Env, rng: Rng): Promise<Instance>;
}

function fail(env: Env, spec: string, message: string): never {
  throw new Error(`${env.dialect} ${spec} at ${env.size} devices: ${message}`);
}

/** Assert (value, id) pairs are strictly increasing in byte order (the keyset order, ASCII data). */
function assertAscending(env: Env, spec: string, keys: [string, string][]): void {
  for (let k = 1; k < keys.length; k++) {
    const [a, b] = [keys[k - 1]!, keys[k]!];
    if (!(a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])))
      fail(env, spec, `rows out of order at ${k}: ${a.join('/')} then ${b.join('/')}`);
  }
}

/** The default sort, updatedAt desc then id desc, in byte order (the data is ASCII). */
function byUpdatedDesc(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const ka = `${String(a.updated_at)} ${String(a.id)}`;
  const kb = `${String(b.updated_at)} ${String(b.id)}`;
  return ka < kb ? 1 : ka > kb ? -1 : 0;
}

async function pageInstance(
  env: Env,
  spec: string,
  body: Record<string, unknown>,
  check: (page: Page) => void,
): Promise<Instance> {
  const q = assetQuerySchema.parse(body);
  const recorder = new Recorder(env.store);
  await queryAssets(env.store.db.withPlugin(recorder), TENANT_1.id, q);
  const statements = recorder.statements.filter((s) => ASSETS_SELECT.test(s.sql) || TOKENS_PAGE.test(s.sql));
  if (!statements.some((s) => ASSETS_SELECT.test(s.sql)))
    fail(env, spec, 'recorded no statement reading assets');
  return {
    statements,
    app: () => queryAssets(env.store.db, TENANT_1.id, q),
    raw: async () => {
      const rows: Record<string, unknown>[] = [];
      for (const s of statements) {
        const got = await env.raw.all(s.sql, s.parameters);
        if (ASSETS_SELECT.test(s.sql)) rows.push(...got);
      }
      // A token-ordered page fetches its rows by id and orders them as the token index gave them.
      if (statements.some((s) => TOKENS_PAGE.test(s.sql))) rows.sort(byUpdatedDesc);
      return rows;
    },
    check: (app, rows) => {
      const page = app as Page;
      const appIds = page.items.map((i) => i.id).join(',');
      const rawIds = rows
        .slice(0, q.limit)
        .map((r) => r.id)
        .join(',');
      if (appIds !== rawIds) fail(env, spec, `the app and the raw SQL returned different rows`);
      check(page);
    },
  };
}

const STATE_OS_BODY = {
  filters: [
    { field: 'lifecycleState', op: 'eq', value: 'deployed' },
    { field: 'osVersion', op: 'prefix', value: '14.' },
  ],
  sort: { field: 'osVersion', direction: 'asc' },
  limit: 50,
};

function checkStateOs(env: Env, spec: string, page: Page): void {
  if (page.items.length !== 50 || !page.nextCursor) fail(env, spec, `expected a full page and a cursor`);
  for (const it of page.items) {
    if (attr(it, 'lifecycleState') !== 'deployed' || !attr(it, 'osVersion').startsWith('14.'))
      fail(env, spec, `row ${it.id} does not match the filters`);
  }
  assertAscending(
    env,
    spec,
    page.items.map((i) => [attr(i, 'osVersion'), i.id]),
  );
}

/** The first page of the state + OS query, cached per size: page 2 starts from its cursor. */
const firstPages = new WeakMap<Env, Page>();

/** A free-text term a user would type for a name: the first four letters of an assignee's surname. */
function surnamePrefix(env: Env, rng: Rng): string {
  for (;;) {
    const d = device(TENANT_1, rng.int(env.size), env.sizes);
    if (d.assignee) return d.assignee.name.split(' ')[1]!.slice(0, 4);
  }
}

const SPECS: QuerySpec[] = [
  {
    name: 'by_serial',
    targetMs: PAGE_TARGET_MS,
    what: 'filter serialNumber eq <a random existing serial>, default sort (updatedAt desc), limit 50',
    next: (env, rng) => {
      const d = device(TENANT_1, rng.int(env.size), env.sizes);
      return pageInstance(
        env,
        'by_serial',
        { filters: [{ field: 'serialNumber', op: 'eq', value: d.row.serial_number }] },
        (page) => {
          if (page.items.length !== 1 || page.items[0]!.id !== d.row.id)
            fail(env, 'by_serial', `serial ${d.row.serial_number} should find exactly ${d.row.id}`);
        },
      );
    },
  },
  {
    name: 'by_assignee',
    targetMs: PAGE_TARGET_MS,
    what: 'filter assignedPersonId eq <a random person>, sort name asc, limit 50',
    next: (env, rng) => {
      const p = rng.int(peopleFor(env.size));
      const who = person(TENANT_1, p);
      const expected = Math.min(50, env.tallies.perPerson[p]!);
      return pageInstance(
        env,
        'by_assignee',
        {
          filters: [{ field: 'assignedPersonId', op: 'eq', value: who.id }],
          sort: { field: 'name', direction: 'asc' },
        },
        (page) => {
          if (page.items.length !== expected)
            fail(env, 'by_assignee', `person ${p} has ${expected} devices, got ${page.items.length}`);
          if (page.items.some((i) => attr(i, 'assignedPersonId') !== who.id))
            fail(env, 'by_assignee', `a row is not assigned to person ${p}`);
          assertAscending(
            env,
            'by_assignee',
            page.items.map((i) => [attr(i, 'name'), i.id]),
          );
        },
      );
    },
  },
  {
    name: 'state_os_page1',
    targetMs: PAGE_TARGET_MS,
    what: "filters lifecycleState eq deployed and osVersion prefix '14.', sort osVersion asc, limit 50",
    next: (env) =>
      pageInstance(env, 'state_os_page1', STATE_OS_BODY, (page) => checkStateOs(env, 'state_os_page1', page)),
  },
  {
    name: 'state_os_page2',
    targetMs: PAGE_TARGET_MS,
    what: 'the same query, second page through the nextCursor of the first',
    next: async (env) => {
      let first = firstPages.get(env);
      if (!first) {
        first = await queryAssets(env.store.db, TENANT_1.id, assetQuerySchema.parse(STATE_OS_BODY));
        firstPages.set(env, first);
      }
      const last = first.items.at(-1)!;
      return pageInstance(env, 'state_os_page2', { ...STATE_OS_BODY, cursor: first.nextCursor }, (page) => {
        checkStateOs(env, 'state_os_page2', page);
        assertAscending(env, 'state_os_page2', [
          [attr(last, 'osVersion'), last.id],
          [attr(page.items[0]!, 'osVersion'), page.items[0]!.id],
        ]);
      });
    },
  },
  {
    name: 'search_name',
    targetMs: PAGE_TARGET_MS,
    what: "search '<first 4 letters of a random assignee's surname>' (e.g. 'smit'), default sort, limit 50",
    next: (env, rng) => {
      const term = surnamePrefix(env, rng);
      return pageInstance(env, 'search_name', { search: term }, (page) => {
        if (page.items.length === 0) fail(env, 'search_name', `'${term}' found nothing`);
        // The default sort is updatedAt desc: the reversed page must ascend.
        assertAscending(
          env,
          'search_name',
          page.items.map((i) => [i.updatedAt, i.id] as [string, string]).reverse(),
        );
      });
    },
  },
  {
    name: 'search_serial',
    targetMs: PAGE_TARGET_MS,
    what: "search '<first 6 characters of a random existing serial>', default sort, limit 50",
    next: (env, rng) => {
      const d = device(TENANT_1, rng.int(env.size), env.sizes);
      const term = String(d.row.serial_number).slice(0, 6);
      return pageInstance(env, 'search_serial', { search: term }, (page) => {
        if (page.items.length < 50 && !page.items.some((i) => i.id === d.row.id))
          fail(env, 'search_serial', `'${term}' did not find ${d.row.id}`);
      });
    },
  },
  {
    name: 'count_by_state',
    targetMs: COUNT_TARGET_MS,
    what: 'stateCounts(): the per-state counters (GET /api/v1/assets/counts)',
    next: async (env) => {
      const recorder = new Recorder(env.store);
      await stateCounts(env.store.db.withPlugin(recorder), TENANT_1.id);
      const statement = recorder.statements[0]!;
      const expect = (rows: { lifecycle_state: unknown; n: unknown }[], what: string) => {
        const got = new Map(rows.map((r) => [String(r.lifecycle_state), Number(r.n)]));
        for (const [state, n] of env.tallies.states) {
          if (got.get(state) !== n)
            fail(env, 'count_by_state', `${what}: ${state} is ${got.get(state)}, not ${n}`);
        }
        if (got.size !== env.tallies.states.size) fail(env, 'count_by_state', `${what}: unexpected states`);
      };
      return {
        statements: [statement],
        app: () => stateCounts(env.store.db, TENANT_1.id),
        raw: () => env.raw.all(statement.sql, statement.parameters),
        check: (app, rows) => {
          expect(app as Counts, 'app');
          expect(rows as { lifecycle_state: unknown; n: unknown }[], 'raw SQL');
        },
      };
    },
  },
];

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of nothing');
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

interface Measured {
  app: number;
  raw: number;
  iterations: number;
}

async function measure(env: Env, spec: QuerySpec, index: number, o: Options): Promise<Measured> {
  const rng = new Rng(hash32(STREAM.queries, index, env.size));
  // Warm-up: JIT, statement caches, the pages the query touches. A slow query gets at most a quarter of
  // its time budget for it.
  const warmUntil = Date.now() + (o.maxSeconds * 1000) / 4;
  for (let w = 0; w < o.warmup && (w < 3 || Date.now() < warmUntil); w++) {
    const inst = await spec.next(env, rng);
    inst.check(await inst.app(), await inst.raw());
  }
  const appMs: number[] = [];
  const rawMs: number[] = [];
  const deadline = Date.now() + o.maxSeconds * 1000;
  let explained = !o.explain;
  for (let i = 0; i < o.iterations; i++) {
    if (i >= MIN_ITERATIONS && Date.now() > deadline) {
      note(`${env.dialect} ${spec.name}: stopped after ${i} iterations (--max-seconds ${o.maxSeconds})`);
      break;
    }
    const inst = await spec.next(env, rng);
    // Alternate which path goes first, so neither always runs on the other's freshly warmed pages.
    let app: { result: unknown; ms: number };
    let raw: { result: Record<string, unknown>[]; ms: number };
    if (i % 2 === 0) {
      app = await time(() => inst.app());
      raw = await time(() => inst.raw());
    } else {
      raw = await time(() => inst.raw());
      app = await time(() => inst.app());
    }
    inst.check(app.result, raw.result);
    appMs.push(app.ms);
    rawMs.push(raw.ms);
    if (!explained) {
      explained = true;
      for (const s of inst.statements) {
        const plan = await env.raw.explain(s.sql, s.parameters);
        note(
          `  plan (${env.dialect}, ${env.size} devices, ${spec.name}):\n    ${s.sql}\n    -- ${JSON.stringify(s.parameters)}\n${plan.map((l) => `    ${l}`).join('\n')}`,
        );
      }
    }
  }
  const m = { app: percentile(appMs, 95), raw: percentile(rawMs, 95), iterations: appMs.length };
  note(
    `${env.dialect} ${env.size.toLocaleString('en')} ${spec.name}: app p50 ${percentile(appMs, 50).toFixed(2)} ` +
      `p95 ${m.app.toFixed(2)} ms; raw SQL p50 ${percentile(rawMs, 50).toFixed(2)} p95 ${m.raw.toFixed(2)} ms ` +
      `(${m.iterations} iterations)`,
  );
  return m;
}

/** Tenant filtering: shared serials, the other tenant's tags and counters never leak into tenant 1. */
async function checkTenants(env: Env): Promise<void> {
  const shared = device(TENANT_1, 0, env.sizes);
  const bySerial = await queryAssets(
    env.store.db,
    TENANT_1.id,
    assetQuerySchema.parse({
      filters: [{ field: 'serialNumber', op: 'eq', value: shared.row.serial_number }],
    }),
  );
  if (bySerial.items.length !== 1 || bySerial.items[0]!.id !== shared.row.id)
    fail(env, 'tenants', `serial ${shared.row.serial_number} (in both tenants) leaked across tenants`);
  const otherTags = assetQuerySchema.parse({ search: `${TENANT_2.tagPrefix}00000` });
  if ((await queryAssets(env.store.db, TENANT_1.id, otherTags)).items.length !== 0)
    fail(env, 'tenants', `tenant 2's asset tags are visible in tenant 1`);
  if ((await queryAssets(env.store.db, TENANT_2.id, otherTags)).items.length === 0)
    fail(env, 'tenants', `tenant 2 cannot find its own asset tags`);
  const total = (rows: Counts) => rows.reduce((a, r) => a + Number(r.n), 0);
  if (total(await stateCounts(env.store.db, TENANT_2.id)) !== TENANT_2_DEVICES)
    fail(env, 'tenants', `tenant 2's counters do not add up to ${TENANT_2_DEVICES}`);
  if (total(await stateCounts(env.store.db, TENANT_1.id)) !== env.size)
    fail(env, 'tenants', `tenant 1's counters do not add up to ${env.size}`);
}

// ---------------------------------------------------------------------------------------------------------
// Loading, per dialect

async function loadTo(env: Env, w: RawWriter, from: number, to: number, withTenant2: boolean): Promise<void> {
  const progress = (m: string) => note(m);
  const start = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - start) / 1e9;
  let r: LoadReport | undefined;
  let insertS = 0;
  const { rebuildMs } = await withIndexesRebuilt(w, progress, async () => {
    if (withTenant2) {
      await loadRange(
        env.store,
        w,
        TENANT_2,
        env.sizes,
        { peopleFrom: 0, peopleTo: TENANT_2_PEOPLE, devicesFrom: 0, devicesTo: TENANT_2_DEVICES },
        env.tallies,
        progress,
      );
    }
    r = await loadRange(
      env.store,
      w,
      TENANT_1,
      env.sizes,
      { peopleFrom: peopleFor(from), peopleTo: peopleFor(to), devicesFrom: from, devicesTo: to },
      env.tallies,
      progress,
    );
    insertS = seconds();
  });
  if (env.dialect === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(env.store.db);
  const loadS = seconds();
  env.size = to;
  const analyzed = await time(() => analyze(env));
  const { people, devices, tokens } = r!;
  note(
    `${env.dialect}: loaded ${people.toLocaleString('en')} people, ${devices.toLocaleString('en')} devices, ` +
      `${tokens.toLocaleString('en')} search tokens in ${loadS.toFixed(1)} s (inserts ${insertS.toFixed(1)} s, ` +
      `index rebuild ${(rebuildMs / 1000).toFixed(1)} s)` +
      (analyzed.result ? `; ANALYZE ${(analyzed.ms / 1000).toFixed(1)} s` : '; no ANALYZE (--no-analyze)') +
      `; tenant 1 now has ${to.toLocaleString('en')} devices`,
  );
}

/** Fresh planner statistics after a bulk load (the app itself never runs ANALYZE; see README). */
async function analyze(env: Env): Promise<boolean> {
  if (!env.analyze) return false;
  if (env.dialect === 'sqlite') await sql`ANALYZE`.execute(env.store.db);
  // VACUUM also sets the visibility map (index-only scans), as autovacuum would after a bulk insert;
  // autovacuum may be off on the bench server, so do both explicitly.
  else await sql`VACUUM (ANALYZE)`.execute(env.store.db);
  return true;
}

async function measureAll(env: Env, o: Options): Promise<Measured[]> {
  await checkTenants(env);
  const out: Measured[] = [];
  for (const [k, spec] of SPECS.entries()) out.push(await measure(env, spec, k, o));
  return out;
}

async function runDialect(
  dialect: DialectName,
  store: Store,
  raw: () => Promise<RawReader>,
  writer: () => Promise<RawWriter>,
  o: Options,
): Promise<BenchResult[]> {
  const sizes: Sizes = { small: o.small, n: o.n };
  const env: Env = {
    dialect,
    store,
    raw: undefined as unknown as RawReader,
    sizes,
    size: 0,
    tallies: new Tallies(peopleFor(o.n)),
    analyze: o.analyze,
  };
  await seedTenants(store);
  const w = await writer();
  let small: Measured[];
  try {
    await loadTo(env, w, 0, o.small, true);
    env.raw = await raw();
    small = await measureAll(env, o);
    await loadTo(env, w, o.small, o.n, false);
  } finally {
    await w.close();
  }
  try {
    const full = await measureAll(env, o);
    return SPECS.flatMap((spec, k) => [
      {
        bench: BENCH,
        figure: `${dialect}_${spec.name}_p95_ms`,
        value: full[k]!.app,
        baseline: full[k]!.raw,
        target: { on: 'value', op: '<=', threshold: spec.targetMs },
      },
      {
        bench: BENCH,
        figure: `${dialect}_${spec.name}_growth`,
        value: full[k]!.app / small[k]!.app,
        baseline: 1,
        target: { on: 'value', op: '<=', threshold: GROWTH_TARGET },
      },
    ]);
  } finally {
    await env.raw.close();
  }
}

/** Run `cleanup` if the run is interrupted (the PostgreSQL database and the SQLite file are large). */
function onInterrupt(cleanup: () => Promise<void>): () => void {
  const handler = (signal: NodeJS.Signals) => {
    note(`query: ${signal}, cleaning up`);
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

async function benchSqlite(o: Options): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-bench-query-'));
  const remove = async () => {
    if (o.keep) note(`query: kept the SQLite database in ${dataDir} (--keep); remove it when done`);
    else rmSync(dataDir, { recursive: true, force: true });
  };
  const off = onInterrupt(remove);
  try {
    const store = await openMigratedStore({ dataDir });
    try {
      const file = store.sqliteFile!;
      return await runDialect(
        'sqlite',
        store,
        async () => sqliteReader(file),
        async () => sqliteWriter(file),
        o,
      );
    } finally {
      await store.close();
    }
  } finally {
    off();
    await remove();
  }
}

async function benchPostgres(o: Options): Promise<BenchResult[]> {
  const adminUrl = process.env.STEWARD_BENCH_PG_URL || DEFAULT_PG_ADMIN_URL;
  const db = await createPgDatabase(adminUrl);
  if ('error' in db) {
    if (process.env.CI) throw new Error(`PostgreSQL is required when CI is set: ${db.error}`);
    printSkip(BENCH, 'postgres', db.error);
    return [];
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-bench-query-'));
  const cleanup = async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (o.keep) note(`query: kept the PostgreSQL database ${db.url} (--keep); drop it when done`);
    else await db.drop();
  };
  const off = onInterrupt(cleanup);
  try {
    const store = await openMigratedStore({ databaseUrl: db.url, dataDir });
    try {
      return await runDialect(
        'postgres',
        store,
        () => postgresReader(db.url),
        () => postgresWriter(db.url),
        o,
      );
    } finally {
      await store.close();
    }
  } finally {
    off();
    await cleanup();
  }
}

export async function run(args: string[]): Promise<BenchResult[]> {
  const o = parseOptions(args);
  note(
    `query: n=${o.n} (measured at ${o.small} and ${o.n} devices) iterations=${o.iterations} warmup=${o.warmup} ` +
      `analyze=${o.analyze ? 'yes' : 'no'} (${o.dialects.join(', ')})`,
  );
  const results: BenchResult[] = [];
  if (o.dialects.includes('sqlite')) results.push(...(await benchSqlite(o)));
  if (o.dialects.includes('postgres')) results.push(...(await benchPostgres(o)));
  return results;
}
