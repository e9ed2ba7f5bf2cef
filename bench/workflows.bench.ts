// Workflow runs per second for a 5-step workflow triggered by entity changes, on SQLite and PostgreSQL.
//
// A real Steward (createSteward, real HTTP, the server's default worker settings unless --workers or
// --poll-ms) with a Slack connector instance posting to the Slack simulator (real HTTP, rate limit lifted).
// The workflow (workflows.setup.ts): entity_changed on assets with a filter, then condition → set_variable
// → connector_action (Slack notify) → set_variable → condition. The devices (N + --api-n + --latency)
// come from a registered source (`bench-mdm`) through POST /api/v1/observations. Per dialect, in order:
//   - baseline: N trivial jobs enqueued by --clients producers and run by the same Worker; jobs/s from the
//     first enqueue to the last completed_at. Then --latency trivial jobs --interval-ms apart: enqueue →
//     handler start, the queue's own pickup latency.
//   - api runs: --api-n runs of a copy of the workflow started by POST /api/v1/workflows/:id/runs
//     (--clients at a time), then --latency more one at a time: the engine without the trigger scan.
//   - latency: the workflow is enabled and --latency devices are renamed by PATCH /api/v1/assets/:id one
//     at a time, --interval-ms apart: from the rename's audit event (written in its transaction, just
//     before the commit) to its Slack message arriving at the simulator.
//   - entity runs: N devices renamed by one sync of their source (observations, as a connector writes
//     them: N entity changes); runs/s from the POST to the last run's finished_at.
// Each run phase checks that every run succeeded and each asset got exactly one run and one message.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PG_ADMIN_URL, createPgDatabase } from './pg-database.js';
import { note, perSecond, positiveInt, printSkip, type BenchResult, type Target } from './harness.js';
import {
  NOOP_JOB,
  benchWorkflow,
  closeBench,
  BENCH_SOURCE,
  observeDevices,
  diagnose,
  each,
  latencies,
  openBench,
  pool,
  renameTimes,
  runCounts,
  sleep,
  startTimes,
  waitFor,
  type Bench,
} from './workflows.setup.js';

const BENCH = 'workflows';
/** The target: 1,000 runs/s on the 2-core machine. */
const RUNS_TARGET: Target = { on: 'value', op: '>=', threshold: 1000 };
/** Our own: the issue names no latency target. */
const LATENCY_TARGET: Target = { on: 'value', op: '<=', threshold: 1000 };

export interface Options {
  n: number;
  apiN: number;
  latency: number;
  intervalMs: number;
  clients: number;
  workers?: number;
  pollMs?: number;
  concurrency: number;
  dialects: Array<'sqlite' | 'postgres'>;
}

export function parseOptions(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      n: { type: 'string' },
      'api-n': { type: 'string' },
      latency: { type: 'string' },
      'interval-ms': { type: 'string' },
      clients: { type: 'string' },
      workers: { type: 'string' },
      'poll-ms': { type: 'string' },
      concurrency: { type: 'string' },
      only: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const only = values.only;
  if (only !== undefined && only !== 'sqlite' && only !== 'postgres')
    throw new Error(`--only must be sqlite or postgres, got ${JSON.stringify(only)}`);
  const concurrency = positiveInt('concurrency', values.concurrency, 1000);
  if (concurrency > 1000) throw new Error('--concurrency is at most 1000 (what a definition allows)');
  return {
    n: positiveInt('n', values.n, 2000),
    apiN: positiveInt('api-n', values['api-n'], 300),
    latency: positiveInt('latency', values.latency, 40),
    intervalMs: positiveInt('interval-ms', values['interval-ms'], 250),
    clients: positiveInt('clients', values.clients, 4),
    ...(values.workers !== undefined ? { workers: positiveInt('workers', values.workers, 4) } : {}),
    ...(values['poll-ms'] !== undefined ? { pollMs: positiveInt('poll-ms', values['poll-ms'], 500) } : {}),
    concurrency,
    dialects: only ? [only] : ['sqlite', 'postgres'],
  };
}

/** The p-th percentile (nearest rank) of an ascending list. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of nothing');
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const ms = (x: number) => `${x.toFixed(0)} ms`;
const spread = (xs: number[]) =>
  `p50 ${ms(percentile(xs, 50))}, p99 ${ms(percentile(xs, 99))}, max ${ms(xs[xs.length - 1]!)}`;

/** The job queue's own throughput: N trivial jobs through the same worker. */
async function queueThroughput(b: Bench, o: Options): Promise<number> {
  const { db } = b.steward.store;
  const done = () =>
    db
      .selectFrom('jobs')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('completed_at').as('last')])
      .where('type', '=', NOOP_JOB)
      .where('status', '=', 'succeeded')
      .executeTakeFirstOrThrow();
  const start = Date.now();
  await pool(
    Array.from({ length: o.n }, (_, i) => i),
    o.clients,
    async (i) => {
      await b.steward.queue.enqueue({ type: NOOP_JOB, payload: { i } });
      b.steward.worker.wake();
    },
  );
  await waitFor('trivial jobs', o.n, async () => Number((await done()).n));
  const last = Date.parse(String((await done()).last));
  await db.deleteFrom('jobs').where('type', '=', NOOP_JOB).execute();
  b.noopStarted.clear();
  return perSecond(o.n, last - start);
}

/** The queue's pickup latency: trivial jobs enqueued one at a time, `intervalMs` apart; ascending. */
async function queueLatency(b: Bench, o: Options): Promise<number[]> {
  const enqueued: number[] = [];
  for (let i = 0; i < o.latency; i++) {
    enqueued.push(Date.now());
    await b.steward.queue.enqueue({ type: NOOP_JOB, payload: { i } });
    b.steward.worker.wake();
    await sleep(o.intervalMs);
  }
  await waitFor('trivial jobs', o.latency, async () => b.noopStarted.size);
  await b.steward.store.db.deleteFrom('jobs').where('type', '=', NOOP_JOB).execute();
  return enqueued.map((t, i) => b.noopStarted.get(i)! - t).sort((x, y) => x - y);
}

/** Waits for `want` finished runs; all must have succeeded, one per subject. Returns the last finished_at. */
async function waitForRuns(b: Bench, workflowId: string, want: number): Promise<number> {
  await waitFor(
    'workflow runs',
    want,
    async () => (await runCounts(b, workflowId)).finished,
    () => diagnose(b, workflowId),
  );
  const counts = await runCounts(b, workflowId);
  if (counts.finished !== want || counts.by.succeeded !== want)
    throw new Error(`expected ${want} succeeded runs, got ${JSON.stringify(counts.by)}`);
  const subjects = await b.steward.store.db
    .selectFrom('workflow_runs')
    .select((eb) => eb.fn.count<number>('subject_id').distinct().as('n'))
    .where('workflow_id', '=', workflowId)
    .executeTakeFirstOrThrow();
  if (Number(subjects.n) !== want) throw new Error(`${want} runs but ${Number(subjects.n)} subjects`);
  return counts.last;
}

const renamed = (b: Bench) => async (id: string) => {
  const view = await b.call('PATCH', `/api/v1/assets/${id}`, { name: `wf-bench ${id} renamed` });
  if (view.name !== `wf-bench ${id} renamed`) throw new Error(`the rename of ${id} did not stick`);
};

async function runOn(
  dialect: 'sqlite' | 'postgres',
  o: Options,
  databaseUrl?: string,
): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-wf-bench-'));
  const b = await openBench({ dataDir, databaseUrl, workers: o.workers, pollMs: o.pollMs }, dialect);
  try {
    const made = Date.now();
    await b.call('POST', '/api/v1/sources', BENCH_SOURCE);
    const assets = await observeDevices(b, 0, o.n + o.apiN + o.latency, (i) => `wf-bench ${i}`);
    note(`${dialect}: ${assets.length} devices created from the bench source in ${ms(Date.now() - made)}`);
    const synced = assets.slice(0, o.n);
    const bulk = assets.slice(o.n, o.n + o.apiN);
    const rest = assets.slice(o.n + o.apiN);

    const jobsPerS = await queueThroughput(b, o);
    const pickup = await queueLatency(b, o);
    note(`${dialect}: job queue ${jobsPerS.toFixed(0)} trivial jobs/s; pickup ${spread(pickup)}`);

    const instance = await b.call('POST', '/api/v1/connector-instances', {
      connectorId: 'slack',
      name: 'Bench Slack',
      config: { channel: '#it-alerts' },
      secrets: { webhookUrl: b.slack.webhookUrl },
    });
    const define = async (name: string) =>
      String(
        (await b.call('POST', '/api/v1/workflows', benchWorkflow(name, String(instance.name), o.concurrency)))
          .id,
      );
    const onChange = await define('Bench: renamed devices');
    // Never enabled: its runs are started through the API only.
    const byApi = await define('Bench: started through the API');

    // The engine without the trigger scan: runs of the same workflow started through the API.
    const startApi = async (id: string) => {
      await b.call('POST', `/api/v1/workflows/${byApi}/runs`, { entityId: id });
    };
    const apiStart = Date.now();
    await each(bulk, o.clients, startApi);
    const apiStarted = Date.now();
    const apiLast = await waitForRuns(b, byApi, o.apiN);
    const apiRunsPerS = perSecond(o.apiN, apiLast - apiStart);
    note(
      `${dialect}: ${o.apiN} runs started through the API in ${ms(apiStarted - apiStart)}, all done after ` +
        `${ms(apiLast - apiStart)} = ${apiRunsPerS.toFixed(1)} runs/s; start → Slack ${spread(latencies(b, 'manual', await startTimes(b, byApi, bulk)))}`,
    );
    await each(rest, 1, startApi, o.intervalMs);
    await waitForRuns(b, byApi, o.apiN + o.latency);
    const apiPaced = await startTimes(b, byApi, rest);
    note(
      `${dialect}: one API start every ${o.intervalMs} ms: start → Slack ${spread(latencies(b, 'manual', apiPaced))}`,
    );

    await b.call('PATCH', `/api/v1/workflows/${onChange}`, { enabled: true });
    await each(rest, 1, renamed(b), o.intervalMs);
    await waitForRuns(b, onChange, o.latency);
    const idle = latencies(b, 'entity_changed', await renameTimes(b, rest));
    note(`${dialect}: one change every ${o.intervalMs} ms: change → Slack ${spread(idle)}`);

    // N devices renamed by one sync of their source, as a connector's sync would: N entity changes.
    const start = Date.now();
    await observeDevices(b, 0, o.n, (i) => `wf-bench ${synced[i]} renamed`);
    note(`${dialect}: ${o.n} renames observed in ${ms(Date.now() - start)}`);
    const last = await waitForRuns(b, onChange, o.n + o.latency);
    const runsPerS = perSecond(o.n, last - start);
    note(
      `${dialect}: ${o.n} entity-triggered runs done after ${ms(last - start)} = ${runsPerS.toFixed(1)} runs/s; ` +
        `under that load, change → Slack ${spread(latencies(b, 'entity_changed', await renameTimes(b, synced)))}`,
    );

    const figure = (name: string, value: number, baseline: number, target: Target): BenchResult => ({
      bench: BENCH,
      figure: `${dialect}_${name}`,
      value,
      baseline,
      target,
    });
    return [
      figure('runs_per_s', runsPerS, jobsPerS, RUNS_TARGET),
      figure('api_runs_per_s', apiRunsPerS, jobsPerS, RUNS_TARGET),
      figure('latency_p50_ms', percentile(idle, 50), percentile(pickup, 50), LATENCY_TARGET),
      figure('latency_p99_ms', percentile(idle, 99), percentile(pickup, 99), LATENCY_TARGET),
    ];
  } finally {
    await closeBench(b);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(args: string[]): Promise<BenchResult[]> {
  const o = parseOptions(args);
  note(
    `workflows: n=${o.n} api-n=${o.apiN} latency=${o.latency}×${o.intervalMs} ms clients=${o.clients} ` +
      `concurrency=${o.concurrency} (${o.dialects.join(', ')})`,
  );
  const results: BenchResult[] = [];
  for (const dialect of o.dialects) {
    if (dialect === 'sqlite') {
      results.push(...(await runOn('sqlite', o)));
      continue;
    }
    const db = await createPgDatabase(process.env.STEWARD_BENCH_PG_URL || DEFAULT_PG_ADMIN_URL);
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
