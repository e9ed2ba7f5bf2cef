// A connector sync end to end: a Jamf Pro simulator with --devices devices (default 50,000) on real HTTP,
// synced into Steward by the connector-instance job (SDK transport, paging, mappers, the ingestion
// pipeline on SQLite or PostgreSQL, run history).
//   - first sync:      seconds from "sync now" to the run's success; baseline = seconds for plain `fetch`
//                      to fetch exactly the same requests from the same simulator in the same run (the
//                      network floor); the ratio is what our pipeline costs on top of fetching
//   - unchanged sync:  the same again with nothing changed (every record hash-skipped), against the same floor
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { simulatedFleet } from '@steward/sdk/simulator';
import { simulator as jamfSimulator } from '@steward/connector-jamf/simulator';
import { DEFAULT_PG_ADMIN_URL, createPgDatabase } from './pg-database.js';
import { note, positiveInt, printSkip, time, type BenchResult } from './harness.js';
import { loadConfig } from '../apps/server/src/platform/config/index.js';
import { createSteward, type Steward } from '../apps/server/src/server.js';
import { systemContext } from '../apps/server/src/platform/auth/index.js';
import { ensureTenant } from '../apps/server/src/features/tenants/index.js';
import { systemClock } from '../apps/server/src/platform/db/index.js';
import { createInstance, startRun } from '../apps/server/src/features/connectors/index.js';

const BENCH = 'sync';
const TARGET_RATIO = 10;

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
    devices: positiveInt('devices', values.devices, 50_000),
    dialects: values.only ? [values.only] : ['sqlite'],
  };
}

/** A fleet whose Jamf share is exactly `devices` (the simulator serves the fleet's Apple devices). */
function jamfFleet(devices: number) {
  const fleet = simulatedFleet({ devices: Math.ceil(devices * 1.9), seed: 50 });
  const apple = fleet.devices.filter((d) => d.inJamf);
  if (apple.length < devices) throw new Error(`fleet too small: ${apple.length} Jamf devices`);
  return { ...fleet, devices: apple.slice(0, devices) };
}

async function waitForRun(steward: Steward, runId: string): Promise<Record<string, number>> {
  for (;;) {
    const run = await steward.store.db
      .selectFrom('connector_runs')
      .select(['status', 'counts', 'error'])
      .where('id', '=', runId)
      .executeTakeFirstOrThrow();
    if (run.status === 'succeeded') return JSON.parse(run.counts) as Record<string, number>;
    if (run.status === 'failed') throw new Error(`sync failed: ${run.error ?? ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Replays the requests the sync made with plain fetch and one bearer token, five at a time (the most
 * Jamf allows at once, as the connector does): the floor any sync of these pages has to pay.
 */
async function fetchFloor(
  baseUrl: string,
  requests: { method: string; path: string; query: string }[],
  tokenRequest: () => Promise<string>,
): Promise<number> {
  const token = await tokenRequest();
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const r = requests[next++] as (typeof requests)[number];
      const res = await fetch(`${baseUrl}${r.path}${r.query}`, {
        method: r.method,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`floor fetch ${r.path}: ${res.status}`);
    }
  };
  const { ms } = await time(() => Promise.all(Array.from({ length: 5 }, worker)));
  return ms / 1000;
}

async function runOn(
  dialect: 'sqlite' | 'postgres',
  o: Options,
  databaseUrl?: string,
): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-sync-bench-'));
  const fleet = jamfFleet(o.devices);
  const jamf = await jamfSimulator.start({ fleet, tokenLifetimeSeconds: 3600 });
  const config = loadConfig(
    {},
    {
      port: 0,
      dataDir,
      logLevel: 'silent',
      jobs: { workers: 1, leaseSeconds: 60, pollMs: 50 },
      ...(databaseUrl ? { databaseUrl } : {}),
    },
  );
  const steward = await createSteward(config, { logger: false });
  try {
    await steward.listen();
    const tenant = await ensureTenant(steward.store.db, systemClock, 'bench', 'Bench');
    const ctx = systemContext(tenant.id, 'sync bench');
    const instance = await createInstance(steward.connectors, ctx, {
      connectorId: jamfSimulator.connectorId,
      name: 'Jamf bench',
      config: { ...jamf.config, pageSize: 2000 },
      secrets: jamf.secrets,
    });
    const results: BenchResult[] = [];
    for (const pass of ['first', 'unchanged'] as const) {
      const before = jamf.server.requests.length;
      note(`${dialect}: ${pass} sync of ${o.devices} Jamf devices…`);
      const { result: counts, ms } = await time(async () =>
        waitForRun(steward, (await startRun(steward.connectors, ctx, instance.id)).id),
      );
      const expected = pass === 'first' ? 'created' : 'unchanged';
      if (counts.read !== o.devices || counts[expected] !== o.devices || counts.failed)
        throw new Error(`${pass} sync counts wrong: ${JSON.stringify(counts)}`);
      const made = jamf.server.requests.slice(before).filter((r) => r.status === 200 && r.method === 'GET');
      const floor = await fetchFloor(jamf.server.url, made, async () => {
        const res = await fetch(`${jamf.server.url}/api/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: String(jamf.config.clientId),
            client_secret: String(jamf.secrets.clientSecret),
          }),
        });
        return ((await res.json()) as { access_token: string }).access_token;
      });
      note(
        `  ${pass}: ${(ms / 1000).toFixed(1)} s in Steward, ${floor.toFixed(1)} s to fetch the same ${made.length} pages`,
      );
      results.push({
        bench: BENCH,
        figure: `${dialect}_${pass}_sync_s`,
        value: ms / 1000,
        baseline: floor,
        target: { on: 'ratio', op: '<=', threshold: TARGET_RATIO },
      });
    }
    return results;
  } finally {
    await steward.close();
    await jamf.server.close();
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
