// A Jamf sync survives `kill -9` of the server: the restarted process reclaims the job once its lease runs
// out, resumes from the last stored page, and the fleet ends up as exactly one asset per Jamf device.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { startJamfSimulator, type JamfSimulator } from '@steward/connector-jamf/simulator';
import { FaultPlan, simulatedFleet, type RecordedRequest } from '@steward/sdk/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { api } from '../test/server.js';
import {
  cliEnv,
  eventually,
  killHard,
  runCli,
  runCliAsync,
  startCli,
  tempDir,
  type CliProcess,
} from './process.fixture.js';

const PAGE_SIZE = 4;
/** Each computers page answers this late, so the sync takes seconds and can be killed mid-way. */
const PAGE_DELAY_MS = 600;
const LEASE_SECONDS = 2;
const COMPUTERS_PATH = '/api/v1/computers-inventory';

const runSchema = z.object({
  id: z.string(),
  status: z.string(),
  attempts: z.number(),
  error: z.string().nullable(),
  counts: z.record(z.string(), z.number()),
  streams: z.array(
    z.object({ name: z.string(), done: z.boolean(), counts: z.record(z.string(), z.number()) }),
  ),
});
type Run = z.infer<typeof runSchema>;

const running: CliProcess[] = [];
let jamf: JamfSimulator | undefined;
afterEach(async () => {
  await Promise.all(running.splice(0).map(killHard));
  await jamf?.server.close();
  jamf = undefined;
});

async function serve(env: NodeJS.ProcessEnv, dataDir: string) {
  const p = await startCli(
    ['serve', '--port', '0', '--data-dir', dataDir],
    env,
    /listening at (http:\/\/\S+)/,
  );
  running.push(p);
  return { process: p, url: p.match[1] as string };
}

/** The zero-based `page` of a computers-inventory list request that was answered, else undefined. */
function computersPage(r: RecordedRequest): number | undefined {
  if (r.status !== 200 || r.path !== COMPUTERS_PATH) return undefined;
  const page = new URLSearchParams(r.query).get('page');
  return page === null ? undefined : Number(page);
}

function pageCounts(requests: RecordedRequest[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const r of requests) {
    const page = computersPage(r);
    if (page !== undefined) counts.set(page, (counts.get(page) ?? 0) + 1);
  }
  return counts;
}

/** What the killed process last committed for the run, read straight from its SQLite file. */
function storedRun(dataDir: string, runId: string): { attempts: number; computersPage: number } {
  const db = new SQLite(path.join(dataDir, 'steward.db'), { readonly: true, fileMustExist: true });
  try {
    const row = z
      .object({ attempts: z.number(), streams: z.string() })
      .parse(db.prepare('select attempts, streams from connector_runs where id = ?').get(runId));
    const streams = z
      .object({ computers: z.object({ checkpoint: z.object({ page: z.number() }), done: z.literal(false) }) })
      .parse(JSON.parse(row.streams));
    return { attempts: row.attempts, computersPage: streams.computers.checkpoint.page };
  } finally {
    db.close();
  }
}

describe('a connector sync killed with SIGKILL', { timeout: 180_000 }, () => {
  it('resumes from its checkpoint in the restarted server and ends with one asset per device', async () => {
    const t0 = Date.now();
    const fleet = simulatedFleet({ devices: 60, seed: 7 });
    const inJamf = fleet.devices.filter((d) => d.inJamf);
    const faults = new FaultPlan().inject({
      type: 'delay',
      times: 1000,
      ms: PAGE_DELAY_MS,
      path: COMPUTERS_PATH,
    });
    jamf = await startJamfSimulator({ fleet, faults });
    const computerPages = Math.ceil(jamf.state.computerIds.length / PAGE_SIZE);
    expect(computerPages).toBeGreaterThanOrEqual(6);

    const dataDir = tempDir();
    const configFile = path.join(tempDir(), 'steward.json');
    // Leases are a config-file setting only (no STEWARD_* variable): a short one makes the reclaim quick.
    writeFileSync(
      configFile,
      JSON.stringify({ jobs: { workers: 2, leaseSeconds: LEASE_SECONDS, pollMs: 100 } }),
    );
    const env = cliEnv({ STEWARD_DATA_DIR: dataDir, STEWARD_CONFIG_FILE: configFile });
    const admin = runCli(
      ['admin', 'create', '--email', 'ops@example.com', '--password-stdin'],
      env,
      'a very long password\n',
    );
    expect(admin.code, admin.stderr).toBe(0);
    // Each CLI start loads the server's sources (seconds on a busy machine): mint the token while it boots.
    const [created, first] = await Promise.all([
      runCliAsync(['token', 'create', '--tenant', 'default', '--role', 'admin', '--name', 'ci'], env),
      serve(env, dataDir),
    ]);
    expect(created.code, created.stderr).toBe(0);
    const token = created.stdout.trim();
    const tBooted = Date.now();
    const instance = await api(first.url, 'POST', '/api/v1/connector-instances', {
      token,
      body: {
        connectorId: 'jamf-pro',
        name: 'Jamf (kill -9)',
        config: { ...jamf.config, pageSize: PAGE_SIZE },
        secrets: jamf.secrets,
      },
    });
    expect(instance.status, JSON.stringify(instance.body)).toBe(201);
    const queued = await api(first.url, 'POST', `/api/v1/connector-instances/${instance.body.id}/syncs`, {
      token,
    });
    expect(queued.status, JSON.stringify(queued.body)).toBe(202);
    const runId = z.string().parse(queued.body.id);
    const getRun = async (url: string): Promise<Run> =>
      runSchema.parse((await api(url, 'GET', `/api/v1/connector-runs/${runId}`, { token })).body);

    // Two computers pages stored, the stream not done: kill the server without letting it clean up.
    const midway = await eventually(
      'two stored pages',
      async () => {
        const run = await getRun(first.url);
        const computers = run.streams.find((s) => s.name === 'computers');
        return computers && !computers.done && (computers.counts.read ?? 0) >= 2 * PAGE_SIZE
          ? run
          : undefined;
      },
      30_000,
    );
    expect(midway.status).toBe('running');
    expect(midway.attempts).toBe(1);
    first.process.proc.kill('SIGKILL');
    expect(await first.process.exited).toBe('SIGKILL');
    const tKilled = Date.now();

    // What survived the kill: the first attempt and the page to resume from.
    const stored = storedRun(dataDir, runId);
    expect(stored.attempts).toBe(1);
    expect(stored.computersPage).toBeGreaterThanOrEqual(2);
    expect(stored.computersPage).toBeLessThan(computerPages);
    // A request the dead process left in flight is answered (and logged) after its delay: let it land, so
    // every request logged from here on comes from the restarted server.
    await new Promise((r) => setTimeout(r, PAGE_DELAY_MS + 300));
    const cut = jamf.server.requests.length;

    const second = await serve(env, dataDir);
    const done = await eventually(
      'the run to finish',
      async () => {
        const run = await getRun(second.url);
        return run.status === 'succeeded' || run.status === 'failed' ? run : undefined;
      },
      60_000,
      100,
    );
    const tDone = Date.now();
    expect(done.status, done.error ?? '').toBe('succeeded');
    // The same run, on a second claim of its job; counts are stored with each checkpoint, so none is doubled.
    expect(done.attempts).toBe(2);
    expect(done.counts).toMatchObject({ read: inJamf.length, failed: 0 });
    expect(done.streams.every((s) => s.done)).toBe(true);
    const runs = await api(second.url, 'GET', `/api/v1/connector-instances/${instance.body.id}/runs`, {
      token,
    });
    expect(runs.body.items.map((r: { id: string }) => r.id)).toEqual([runId]);

    // Exactly one asset per Jamf device.
    const assets = await api(second.url, 'GET', '/api/v1/assets?limit=1000&count=true', { token });
    expect(assets.status).toBe(200);
    expect(assets.body.total).toBe(inJamf.length);
    const serials = z
      .array(z.object({ serialNumber: z.string() }).loose())
      .parse(assets.body.items)
      .map((a) => a.serialNumber.toUpperCase());
    expect(serials.sort()).toEqual(inJamf.map((d) => d.serialNumber.toUpperCase()).sort());

    // The request log: the restarted server began at the stored page, so the pages before it were fetched
    // once, by the first process; at most the page in flight at the kill was fetched twice.
    const before = pageCounts(jamf.server.requests.slice(0, cut));
    const after = jamf.server.requests
      .slice(cut)
      .map(computersPage)
      .filter((p) => p !== undefined);
    expect(after[0]).toBe(stored.computersPage);
    expect(after).toEqual(
      Array.from({ length: computerPages - stored.computersPage }, (_, i) => stored.computersPage + i),
    );
    for (let page = 0; page < stored.computersPage; page++) expect(before.get(page), `page ${page}`).toBe(1);
    const refetched = [...before.keys()].filter((p) => p >= stored.computersPage);
    expect(refetched.length).toBeLessThanOrEqual(1);
    const all = pageCounts(jamf.server.requests);
    expect([...all.values()].reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(computerPages + 1);

    console.info(
      `sync-kill timings: boot ${tBooted - t0} ms, to kill ${tKilled - tBooted} ms, resume to done ${tDone - tKilled} ms; ` +
        `killed at stored page ${stored.computersPage}/${computerPages}, refetched ${JSON.stringify(refetched)}`,
    );
  });
});
