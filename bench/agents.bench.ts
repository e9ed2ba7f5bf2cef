// The agent gateway at fleet scale: many simulated agents on real WebSockets to real `steward serve`
// processes, against the same agents on 10-second HTTP polling measured in the same run.
//
// Setup (agents.setup.ts): a fresh database (SQLite for one gateway; PostgreSQL + NATS for several) with
// --agents enrolled agents, each with its device asset, written in bulk; --gateways `steward serve`
// processes; --load-procs worker processes of the load tool (agents.load.ts), each with its own loopback
// source address, holding its slice of the agents. Agent i talks to gateway i mod --gateways. Phases:
//   1. connect: every agent opens its WebSocket and says hello; time until all have their welcome. The
//      gateways' RSS is read before and, after a settle, with every connection idle.
//   2. targeted: --targeted times, one task (`restart`, delaySeconds 0) for one random agent's asset by
//      POST /api/v1/agent-task-requests; from just before the POST to the agent receiving the push.
//   3. to all: one request for every device (`target: {all: true}`); per agent, from just before the POST
//      to its task.ack recorded by the server (agent_tasks.acknowledged_at); p50, p99 and the last.
//   4. reconnect: every gateway is killed (SIGKILL) and started again; the agents reconnect with the real
//      agent's backoff (exponential, full jitter, from 1 s); from the kill to the last welcome.
//   5. polling baseline: the WebSockets are closed, the gateways restarted cleanly, and every agent polls
//      POST /agent/v1/poll {waitSeconds: 0} every --poll-seconds (first poll at a random moment within
//      the first period). The gateways' RSS per polling agent, then phase 3 and phase 2 again.
// Simulated agents answer each task at once with task.ack and a tiny task.result (succeeded).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { note, positiveInt, type BenchResult, type Target } from './harness.js';
import { DEFAULT_PG_ADMIN_URL, createPgDatabase } from './pg-database.js';
import {
  GatewayProcess,
  LoadProcess,
  percentile,
  seed,
  sleep,
  sourceAddress,
  totalStatus,
  waitForWorkers,
} from './agents.setup.js';
import { openMigratedStore } from '../apps/server/src/platform/db/index.js';
import {
  eachWorker,
  heldByNode,
  lagNote,
  ms,
  perLinkKiB,
  rssAll,
  targeted,
  taskToAll,
  TARGETS,
  type World,
} from './agents.phases.js';

const BENCH = 'agents';
const NATS_URL = process.env.STEWARD_BENCH_NATS_URL ?? 'nats://127.0.0.1:4222';
/** A process may hold 20,000 file descriptors here (ulimit -n, hard); leave room for the rest. */
const MAX_SOCKETS_PER_PROCESS = 19_500;
export interface Options {
  agents: number;
  gateways: number;
  loadProcs: number;
  targeted: number;
  pollSeconds: number;
  heartbeatSeconds: number;
  settleMs: number;
  db: 'sqlite' | 'postgres';
}

export function parseOptions(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      agents: { type: 'string' },
      gateways: { type: 'string' },
      'load-procs': { type: 'string' },
      targeted: { type: 'string' },
      'poll-seconds': { type: 'string' },
      'heartbeat-seconds': { type: 'string' },
      'settle-ms': { type: 'string' },
      db: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const gateways = positiveInt('gateways', values.gateways, 1);
  const db = values.db ?? (gateways > 1 ? 'postgres' : 'sqlite');
  if (db !== 'sqlite' && db !== 'postgres')
    throw new Error(`--db must be sqlite or postgres, got ${JSON.stringify(db)}`);
  if (db === 'sqlite' && gateways > 1)
    throw new Error('several --gateways share one database and bus: use --db postgres (with NATS)');
  const o: Options = {
    agents: positiveInt('agents', values.agents, 2_000),
    gateways,
    loadProcs: positiveInt('load-procs', values['load-procs'], 2),
    targeted: positiveInt('targeted', values.targeted, 200),
    pollSeconds: positiveInt('poll-seconds', values['poll-seconds'], 10),
    heartbeatSeconds: positiveInt('heartbeat-seconds', values['heartbeat-seconds'], 30),
    settleMs: positiveInt('settle-ms', values['settle-ms'], 6_000),
    db,
  };
  if (Math.ceil(o.agents / o.gateways) > MAX_SOCKETS_PER_PROCESS)
    throw new Error(
      `${Math.ceil(o.agents / o.gateways)} agents per gateway is over ${MAX_SOCKETS_PER_PROCESS} (its file descriptors): add --gateways`,
    );
  if (Math.ceil(o.agents / o.loadProcs) > MAX_SOCKETS_PER_PROCESS)
    throw new Error(
      `${Math.ceil(o.agents / o.loadProcs)} agents per load worker is over ${MAX_SOCKETS_PER_PROCESS}: add --load-procs`,
    );
  return o;
}

async function startGateways(w: World): Promise<void> {
  // The first alone: on a fresh PostgreSQL database it sets up the vault's check value the others then read.
  await w.gateways[0]!.start();
  await Promise.all(w.gateways.slice(1).map((g) => g.start()));
}

async function measure(w: World): Promise<BenchResult[]> {
  const { o } = w;
  const result = (figure: string, value: number, baseline: number, target: Target): BenchResult => ({
    bench: BENCH,
    figure,
    value,
    baseline,
    target,
  });

  // 1. Connect everyone; RSS with every connection idle.
  await sleep(2_000);
  const rss0 = rssAll(w);
  let t0 = Date.now();
  await eachWorker(w, { type: 'connect' });
  let s = await waitForWorkers(w.procs, 'connecting', (x) => x.welcomed, o.agents);
  const connectMs = s.lastWelcomeAt - t0;
  note(
    `connect: ${o.agents} agents welcomed in ${ms(connectMs)} (503s ${s.refused}, connection errors ${s.connectErrors})`,
  );
  await sleep(o.settleMs);
  const rss1 = rssAll(w);
  const held = await heldByNode(w, Date.now());
  s = await totalStatus(w.procs);
  const wsKiB = perLinkKiB(rss0, rss1, o.agents);
  note(
    `  held by each gateway (its own count): ${held.join(', ')}; agents welcomed now ${s.welcomed}; ` +
      `RSS ${rss0.map((r) => Math.round(r / 1024)).join('/')} → ${rss1.map((r) => Math.round(r / 1024)).join('/')} MiB ` +
      `(${wsKiB.toFixed(1)} KiB per connection)`,
  );

  // 2. One device at a time.
  await lagNote(w, 'targeted before');
  const wsTargeted = await targeted(w, 'targeted (WebSocket)', o.targeted, 20, 10_000, true);
  await lagNote(w, 'targeted after');

  // 3. Every device at once.
  const wsAll = await taskToAll(w, 'task to all (WebSocket)');

  // 4. Every gateway killed and started again.
  const before = (await totalStatus(w.procs)).welcomes;
  t0 = Date.now();
  await Promise.all(w.gateways.map((g) => g.kill()));
  await startGateways(w);
  const upMs = Date.now() - t0;
  s = await waitForWorkers(
    w.procs,
    'reconnecting',
    (x) => Math.min(x.welcomes - before, x.welcomed),
    o.agents,
    120_000,
  );
  const reconnectMs = s.lastWelcomeAt - t0;
  note(
    `reconnect: gateways listening again after ${ms(upMs)}; all ${o.agents} welcomed ${ms(reconnectMs)} after ` +
      `the kill (${s.connectErrors} connection errors in all, 503s ${s.refused})`,
  );

  // 5. The same agents on polling.
  await eachWorker(w, { type: 'close' });
  await Promise.all(w.gateways.map((g) => g.stop()));
  await startGateways(w);
  await sleep(2_000);
  const rss0p = rssAll(w);
  await eachWorker(w, { type: 'poll', intervalMs: o.pollSeconds * 1000 });
  s = await waitForWorkers(w.procs, 'first polls', (x) => x.polled, o.agents);
  await sleep(o.settleMs);
  const rss1p = rssAll(w);
  const heldP = await heldByNode(w, Date.now());
  const pollKiB = perLinkKiB(rss0p, rss1p, o.agents);
  note(
    `polling: all ${o.agents} polled once; held ${heldP.join(', ')}; RSS ` +
      `${rss0p.map((r) => Math.round(r / 1024)).join('/')} → ${rss1p.map((r) => Math.round(r / 1024)).join('/')} MiB ` +
      `(${pollKiB.toFixed(1)} KiB per polling agent)`,
  );
  const pollAll = await taskToAll(w, 'task to all (polling)');
  const pollTargeted = await targeted(
    w,
    'targeted (polling)',
    o.targeted,
    0,
    o.pollSeconds * 3_000 + 30_000,
    false,
  );
  await eachWorker(w, { type: 'stop-poll' });
  s = await totalStatus(w.procs);
  if (s.failures || s.serverErrors)
    note(`  workers saw ${s.failures} failures and ${s.serverErrors} error messages; first: ${s.firstError}`);

  const perGateway = Math.ceil(o.agents / o.gateways);
  return [
    result('ws_agents_held', s.welcomed || held.reduce((a, b) => a + b, 0), o.agents, TARGETS.held),
    result('ws_agents_per_gateway', Math.min(...held), perGateway, TARGETS.perGateway),
    result('ws_rss_per_conn_kib', wsKiB, pollKiB, TARGETS.rss),
    result('ws_task_all_ack_p50_ms', wsAll.p50, pollAll.p50, TARGETS.toAll),
    result('ws_task_all_ack_p99_ms', wsAll.p99, pollAll.p99, TARGETS.toAll),
    result('ws_task_all_total_ms', wsAll.total, pollAll.total, TARGETS.toAll),
    result('ws_targeted_p50_ms', percentile(wsTargeted, 50), percentile(pollTargeted, 50), TARGETS.targeted),
    result('ws_targeted_p99_ms', percentile(wsTargeted, 99), percentile(pollTargeted, 99), TARGETS.targeted),
    result('ws_reconnect_all_ms', reconnectMs, connectMs, TARGETS.reconnect),
  ];
}

export async function run(args: string[]): Promise<BenchResult[]> {
  const o = parseOptions(args);
  note(
    `agents: ${o.agents} agents, ${o.gateways} gateway process(es) on ${o.db}, ${o.loadProcs} load worker(s), ` +
      `${o.targeted} targeted tasks, polling every ${o.pollSeconds} s`,
  );
  const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-agents-bench-'));
  let drop: (() => Promise<void>) | undefined;
  let databaseUrl: string | undefined;
  if (o.db === 'postgres') {
    const made = await createPgDatabase(process.env.STEWARD_BENCH_PG_URL ?? DEFAULT_PG_ADMIN_URL);
    if ('error' in made) throw new Error(`PostgreSQL: ${made.error}`);
    ({ url: databaseUrl, drop } = made);
  }
  const store = await openMigratedStore({ databaseUrl, dataDir });
  const gateways: GatewayProcess[] = [];
  const procs: LoadProcess[] = [];
  try {
    const runSeed = randomBytes(16).toString('hex');
    const seeded = Date.now();
    const { tenantId, token } = await seed(store.db, o.agents, runSeed);
    note(`seeded ${o.agents} agents and assets in ${ms(Date.now() - seeded)}`);
    const settings = {
      dataDir,
      maxConnections: MAX_SOCKETS_PER_PROCESS,
      heartbeatSeconds: o.heartbeatSeconds,
      masterKey: randomBytes(32).toString('hex'),
      ...(databaseUrl ? { databaseUrl, natsUrl: NATS_URL } : {}),
    };
    for (let g = 0; g < o.gateways; g++) gateways.push(new GatewayProcess(`gateway ${g}`, settings));
    const w: World = {
      o,
      store,
      tenantId,
      gateways,
      procs,
      onReceipt: () => {},
      call: async (method, p, body) => {
        const res = await fetch(`${gateways[0]!.url}${p}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
        const text = await res.text();
        if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text.slice(0, 500)}`);
        return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      },
    };
    const started = Date.now();
    await startGateways(w);
    note(`${o.gateways} gateway(s) listening after ${ms(Date.now() - started)}`);
    for (let p = 0; p < o.loadProcs; p++) {
      const proc = new LoadProcess(p);
      proc.onReceipt = (r) => w.onReceipt(r);
      procs.push(proc);
    }
    await Promise.all(
      procs.map((proc, p) =>
        proc.ask({
          type: 'init',
          seed: runSeed,
          from: Math.floor((p * o.agents) / o.loadProcs),
          to: Math.floor(((p + 1) * o.agents) / o.loadProcs),
          gateways: gateways.map((g) => g.url),
          localAddress: sourceAddress(p),
        }),
      ),
    );
    return await measure(w);
  } catch (e) {
    for (const g of gateways) if (g.log()) note(`--- ${g.name}, last lines:\n${g.log()}`);
    throw e;
  } finally {
    await Promise.all(procs.map((p) => p.exit()));
    await Promise.all(gateways.map((g) => g.kill()));
    await store.close();
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
