// Bulk loading of the synthetic fleet for `npm run bench -- query`.
//
// Rows go in straight on the driver (better-sqlite3 / pg) inside large transactions, into the real migrated
// schema: multi-row INSERTs of up to 1000 rows on PostgreSQL (one round trip each); on SQLite one reused
// prepared single-row INSERT (no round trips to save there, and a multi-row INSERT must keep a statement
// journal of every page it touches, which measured about twice as slow). Before each bulk phase the plain
// indexes of the loaded tables are dropped and afterwards recreated from their own DDL as read from the
// catalog (sqlite_master / pg_indexes / pg_constraint), so they are built by sorting, as a restore builds
// them, instead of by tens of millions of random B-tree inserts (see bulkIndexes for exactly which), and
// the recreated set is checked to be identical to the migrated one. Deliberately NOT through createAsset(): that is one transaction per asset with a tag
// check, custom-field validation, token refresh, counter upsert and an audit event, which is right for an
// API write but would take hours for a million rows, and it is not what this benchmark measures. What the
// app derives from a row is derived the app's way: search tokens come from the app's own searchTokens()
// (see deviceTokens), and the per-state counters are written with the app's own adjustStateCount().
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Store } from '../apps/server/src/platform/db/index.js';
import { adjustStateCount } from '../apps/server/src/features/assets/assets.repo.js';
import {
  ASSET_COLUMNS,
  COST_CENTRE_KEY,
  LOCATIONS_PER_TENANT,
  NOW_MS,
  STREAM,
  Rng,
  TENANT_1,
  TENANT_2,
  device,
  deviceTokens,
  hash32,
  location,
  person,
  uuid7,
  type PersonRow,
  type Sizes,
  type TenantSpec,
} from './query.data.js';

export type Cell = string | number | null;

/** A raw connection that inserts rows: better-sqlite3 or pg, no query builder in between. */
export interface RawWriter {
  readonly dialect: 'sqlite' | 'postgres';
  /** Rows per multi-row INSERT for a table of `columns` columns (bound-parameter limits apply). */
  rowsPerStatement(columns: number): number;
  begin(): Promise<void>;
  commit(): Promise<void>;
  insert(table: string, columns: readonly string[], rows: Cell[][]): Promise<void>;
  query(text: string): Promise<Record<string, unknown>[]>;
  exec(text: string): Promise<void>;
  close(): Promise<void>;
}

const quote = (name: string) => `"${name}"`;

/** better-sqlite3 on the store's file, a second connection; a big page cache while it loads. */
export function sqliteWriter(file: string): RawWriter {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 10000');
  db.pragma('cache_size = -2097152'); // 2 GiB, for this loading connection only
  // Index builds sort in temp storage; keep it in memory (this connection only).
  db.pragma('temp_store = MEMORY');
  const statements = new Map<string, SQLite.Statement>();
  return {
    dialect: 'sqlite',
    rowsPerStatement: () => 1,
    begin: async () => void db.exec('BEGIN'),
    commit: async () => void db.exec('COMMIT'),
    insert: async (table, columns, rows) => {
      const key = `${table}:${rows.length}`;
      let stmt = statements.get(key);
      if (!stmt) {
        const tuple = `(${columns.map(() => '?').join(', ')})`;
        stmt = db.prepare(
          `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${Array(rows.length).fill(tuple).join(', ')}`,
        );
        statements.set(key, stmt);
      }
      stmt.run(rows.flat());
    },
    query: async (text) => db.prepare(text).all() as Record<string, unknown>[],
    exec: async (text) => void db.exec(text),
    close: async () => void db.close(),
  };
}

/** One pg client; full batches use named (server-side prepared) statements. */
export async function postgresWriter(url: string): Promise<RawWriter> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Loading only: commits need not wait for the WAL flush (the benchmark reads afterwards, no crash safety
  // is at stake). This session setting changes nothing for the connections the app and baseline use.
  await client.query('SET synchronous_commit = off');
  // Index rebuilds sort in memory rather than in many spill files.
  await client.query(`SET maintenance_work_mem = '512MB'`);
  const texts = new Map<string, string>();
  return {
    dialect: 'postgres',
    // PostgreSQL binds at most 65535 parameters a statement.
    rowsPerStatement: (columns) => Math.min(1000, Math.floor(65535 / columns)),
    begin: async () => void (await client.query('BEGIN')),
    commit: async () => void (await client.query('COMMIT')),
    insert: async (table, columns, rows) => {
      const key = `${table}_${rows.length}`;
      let text = texts.get(key);
      if (!text) {
        let k = 0;
        const tuples = rows.map(() => `(${columns.map(() => `$${++k}`).join(', ')})`);
        text = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${tuples.join(', ')}`;
        texts.set(key, text);
      }
      await client.query({ name: `bench_ins_${key}`, text, values: rows.flat() });
    },
    query: async (text) => (await client.query(text)).rows as Record<string, unknown>[],
    exec: async (text) => void (await client.query(text)),
    close: () => client.end(),
  };
}

const PEOPLE_COLUMNS = [
  'id', 'tenant_id', 'email', 'employee_id', 'name', 'department', 'title', 'manager_id', 'location_id',
  'status', 'legal_hold', 'start_date', 'end_date', 'created_at', 'updated_at',
] as const satisfies readonly (keyof PersonRow)[]; // prettier-ignore

/** Tables in foreign-key order: a flush writes parents before children. */
const TABLES = {
  people: PEOPLE_COLUMNS,
  assets: ASSET_COLUMNS,
  asset_tags: ['tenant_id', 'asset_id', 'tag'],
  custom_field_values: ['tenant_id', 'entity_id', 'field_key', 'value_text', 'value_number'],
  search_tokens: ['tenant_id', 'token', 'entity_id', 'sort_updated_at'],
} as const;
type Table = keyof typeof TABLES;

/** Buffers rows per table and writes them as multi-row INSERTs, parents first, when any buffer is full. */
class Batcher {
  private readonly buffers = new Map<Table, Cell[][]>((Object.keys(TABLES) as Table[]).map((t) => [t, []]));
  constructor(private readonly w: RawWriter) {}

  async add(table: Table, row: Cell[]): Promise<void> {
    const buf = this.buffers.get(table)!;
    buf.push(row);
    if (buf.length >= this.w.rowsPerStatement(TABLES[table].length)) await this.flush();
  }

  async flush(): Promise<void> {
    for (const [table, buf] of this.buffers) {
      const size = this.w.rowsPerStatement(TABLES[table].length);
      for (let at = 0; at < buf.length; at += size)
        await this.w.insert(table, TABLES[table], buf.slice(at, at + size));
      buf.length = 0;
    }
  }
}

/** What the loader counted, for checking query results: per-state totals and devices per person. */
export class Tallies {
  readonly states = new Map<string, number>();
  /** Tenant 1 only: devices assigned to person #p. */
  readonly perPerson: Uint32Array;
  devices = 0;
  tokens = 0;
  constructor(people: number) {
    this.perPerson = new Uint32Array(people);
  }
}

export interface LoadReport {
  people: number;
  devices: number;
  tokens: number;
  ms: number;
}

/** The tables a bulk phase writes to (their plain secondary indexes are rebuilt around it). */
const BULK_TABLES = Object.keys(TABLES);

/** An index (or, on PostgreSQL, a key constraint) the bulk load drops and then rebuilds exactly. */
export interface IndexDef {
  name: string;
  drop: string;
  create: string;
}

/**
 * What a bulk phase rebuilds: on SQLite every index of the bulk tables created by CREATE [UNIQUE] INDEX
 * (the implicit primary-key indexes cannot be dropped); on PostgreSQL every index of the bulk tables that
 * does not back a constraint, plus the primary-key and unique constraints of the bulk tables that no foreign
 * key references (assets_pkey stays: asset_tags and assignments reference it).
 */
export async function bulkIndexes(w: RawWriter): Promise<IndexDef[]> {
  const tables = BULK_TABLES.map((t) => `'${t}'`).join(', ');
  if (w.dialect === 'sqlite') {
    const rows = await w.query(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ` +
        `AND tbl_name IN (${tables}) ORDER BY name`,
    );
    return rows.map((r) => ({ name: String(r.name), drop: `DROP INDEX "${r.name}"`, create: String(r.sql) }));
  }
  const constraints = await w.query(
    `SELECT k.conname AS name, t.relname AS tbl, pg_get_constraintdef(k.oid) AS def FROM pg_constraint k ` +
      `JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace ` +
      `WHERE n.nspname = current_schema() AND t.relname IN (${tables}) AND k.contype IN ('p', 'u') ` +
      `AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.confrelid = k.conrelid) ` +
      `ORDER BY k.conname`,
  );
  const indexes = await w.query(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i ` +
      `JOIN pg_class c ON c.relname = i.indexname AND c.relkind = 'i' ` +
      `JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = i.schemaname ` +
      `WHERE i.schemaname = current_schema() AND i.tablename IN (${tables}) ` +
      `AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid) ORDER BY i.indexname`,
  );
  return [
    ...constraints.map((r) => ({
      name: String(r.name),
      drop: `ALTER TABLE "${r.tbl}" DROP CONSTRAINT "${r.name}"`,
      create: `ALTER TABLE "${r.tbl}" ADD CONSTRAINT "${r.name}" ${r.def}`,
    })),
    ...indexes.map((r) => ({ name: String(r.name), drop: `DROP INDEX "${r.name}"`, create: String(r.def) })),
  ];
}

/**
 * Run `load` with the bulk tables' indexes dropped, then recreate them from their own DDL and check that
 * exactly the same indexes and constraints, with the same definitions, are back.
 */
export async function withIndexesRebuilt(
  w: RawWriter,
  progress: (message: string) => void,
  load: () => Promise<void>,
): Promise<{ rebuildMs: number }> {
  const before = await bulkIndexes(w);
  for (const ix of before) await w.exec(ix.drop);
  await load();
  const start = process.hrtime.bigint();
  progress(`${w.dialect}: rebuilding ${before.length} indexes`);
  for (const ix of before) await w.exec(ix.create);
  const after = await bulkIndexes(w);
  if (JSON.stringify(after) !== JSON.stringify(before))
    throw new Error(`${w.dialect}: the rebuilt indexes differ from the migrated ones`);
  return { rebuildMs: Number(process.hrtime.bigint() - start) / 1e6 };
}

const DEVICES_PER_COMMIT = 10_000;
const PEOPLE_PER_COMMIT = 50_000;

/** Tenants, locations and the cost-centre custom field: a handful of rows, through Kysely on the app's store. */
export async function seedTenants(store: Store): Promise<void> {
  const at = new Date(NOW_MS - 6 * 365 * 86_400_000).toISOString();
  for (const t of [TENANT_1, TENANT_2]) {
    await store.db
      .insertInto('tenants')
      .values({ id: t.id, slug: t.slug, name: t.name, created_at: at })
      .execute();
    const locations = Array.from({ length: LOCATIONS_PER_TENANT }, (_, k) => location(t, k));
    await store.db.insertInto('locations').values(locations).execute();
  }
  await store.db
    .insertInto('custom_fields')
    .values({
      id: uuid7(NOW_MS - 365 * 86_400_000, STREAM.customField, 1, new Rng(hash32(STREAM.customField))),
      tenant_id: TENANT_1.id,
      entity_type: 'asset',
      key: COST_CENTRE_KEY,
      label: 'Cost centre',
      type: 'text',
      enum_values: null,
      required: 0,
      description: 'Finance cost centre the device is charged to',
      created_at: at,
    })
    .execute();
}

/**
 * Load people [peopleFrom, peopleTo) and devices [devicesFrom, devicesTo) of tenant t, then bring the
 * per-state counters up to date with adjustStateCount (the app's own counter upsert).
 */
export async function loadRange(
  store: Store,
  w: RawWriter,
  t: TenantSpec,
  sizes: Sizes,
  range: { peopleFrom: number; peopleTo: number; devicesFrom: number; devicesTo: number },
  tallies: Tallies,
  progress: (message: string) => void,
): Promise<LoadReport> {
  const start = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - start) / 1e6;
  const b = new Batcher(w);

  await w.begin();
  for (let p = range.peopleFrom; p < range.peopleTo; p++) {
    const r = person(t, p);
    await b.add(
      'people',
      PEOPLE_COLUMNS.map((c) => r[c]),
    );
    if ((p - range.peopleFrom + 1) % PEOPLE_PER_COMMIT === 0) {
      await b.flush();
      await w.commit();
      await w.begin();
    }
  }
  await b.flush();
  await w.commit();

  const stateDelta = new Map<string, number>();
  let tokens = 0;
  const total = range.devicesTo - range.devicesFrom;
  const every = Math.max(
    DEVICES_PER_COMMIT,
    Math.round(total / 10 / DEVICES_PER_COMMIT) * DEVICES_PER_COMMIT,
  );
  await w.begin();
  for (let i = range.devicesFrom; i < range.devicesTo; i++) {
    const d = device(t, i, sizes);
    const id = d.row.id as string;
    await b.add(
      'assets',
      ASSET_COLUMNS.map((c) => d.row[c]),
    );
    for (const tag of d.tags) await b.add('asset_tags', [t.id, id, tag]);
    if (d.costCentre && t.key === 1)
      await b.add('custom_field_values', [t.id, id, COST_CENTRE_KEY, d.costCentre, null]);
    for (const token of deviceTokens(d)) {
      await b.add('search_tokens', [t.id, token, id, d.row.updated_at]);
      tokens++;
    }
    const state = d.row.lifecycle_state as string;
    stateDelta.set(state, (stateDelta.get(state) ?? 0) + 1);
    if (t.key === 1 && d.personIndex !== null) tallies.perPerson[d.personIndex]! += 1;

    const done = i - range.devicesFrom + 1;
    if (done % DEVICES_PER_COMMIT === 0) {
      await b.flush();
      await w.commit();
      await w.begin();
    }
    if (done % every === 0 && done < total) {
      const s = elapsed() / 1000;
      progress(
        `${w.dialect}: ${t.slug} ${done.toLocaleString('en')}/${total.toLocaleString('en')} devices, ` +
          `${tokens.toLocaleString('en')} tokens, ${s.toFixed(0)} s (${Math.round(done / s).toLocaleString('en')} devices/s)`,
      );
    }
  }
  await b.flush();
  await w.commit();

  for (const [state, delta] of stateDelta) {
    await adjustStateCount(store.db, t.id, 'device', state, delta);
    if (t.key === 1) tallies.states.set(state, (tallies.states.get(state) ?? 0) + delta);
  }
  if (t.key === 1) {
    tallies.devices += total;
    tallies.tokens += tokens;
  }
  return { people: range.peopleTo - range.peopleFrom, devices: total, tokens, ms: elapsed() };
}
