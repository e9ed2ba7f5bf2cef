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
import type { Receipt } from './agents.load.js';
import {
  GatewayProcess,
  LoadProcess,
  percentile,
  rssKiB,
  seed,
  sleep,
  sourceAddress,
  totalStatus,
  waitForWorkers,
} from './agents.setup.js';
import { openMigratedStore, type Store } from '../apps/server/src/platform/db/index.js';
import { PRESENCE_FLUSH_MS } from '../apps/server/src/features/agents/gateway/presence.js';

const BENCH = 'agents';
const NATS_URL = process.env.STEWARD_BENCH_NATS_URL ?? 'nats://127.0.0.1:4222';
/** A process may hold 20,000 file descriptors here (ulimit -n, hard); leave room for the rest. */
const MAX_SOCKETS_PER_PROCESS = 19_500;
const TASK = { type: 'restart', parameters: { delaySeconds: 0 } } as const;

/** The targets on the 2-core machine. */
const TARGETS = {
  held: { on: 'value', op: '>=', threshold: 100_000 },
  perGateway: { on: 'ratio', op: '>=', threshold: 1 },
  rss: { on: 'value', op: '<=', threshold: 10 },
  toAll: { on: 'value', op: '<=', threshold: 2_000 },
  targeted: { on: 'value', op: '<=', threshold: 10 },
  reconnect: { on: 'value', op: '<=', threshold: 90_000 },
} satisfies Record<string, Target>;

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

const ms = (x: number) => `${x.toFixed(0)} ms`;
const spread = (xs: number[]) =>
  `p50 ${ms(percentile(xs, 50))}, p99 ${ms(percentile(xs, 99))}, max ${ms(xs[xs.length - 1]!)}`;

interface World {
  o: Options;
  store: Store;
  tenantId: string;
  gateways: GatewayProcess[];
  procs: LoadProcess[];
  call: (method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>;
  /** Called with each receipt while the workers forward them live. */
  onReceipt: (r: Receipt) => void;
}

async function eachWorker(w: World, m: Parameters<LoadProcess['ask']>[0]): Promise<void> {
  await Promise.all(w.procs.map((p) => p.ask(m)));
}

/** RSS of each gateway, KiB. */
const rssAll = (w: World) => w.gateways.map((g) => rssKiB(g.pid));

/**
 * Connections each gateway says it holds (gateway_nodes.connections, written by its presence flush), from
 * flushes that began after `since`; a flush that has not come round in 60 s is reported as such.
 */
async function heldByNode(w: World, since: number): Promise<number[]> {
  const until = Date.now() + 60_000;
  for (;;) {
    const rows = await w.store.db
      .selectFrom('gateway_nodes')
      .select(['connections', 'last_seen_at'])
      .where('last_seen_at', '>=', new Date(since).toISOString())
      .execute();
    if (rows.length >= w.gateways.length || Date.now() > until) {
      if (rows.length < w.gateways.length)
        note(`  only ${rows.length} of ${w.gateways.length} gateways flushed their presence within 60 s`);
      else note(`  presence flushes seen ${ms(Date.now() - since)} after asking`);
      return rows.map((r) => Number(r.connections));
    }
    await sleep(250);
  }
}

/**
 * Mean over the gateways of (RSS now − RSS before) ÷ the agents it holds, KiB. Agent i talks to gateway
 * i mod G, and the workers have seen every agent welcomed (or polling), so that is how many each holds.
 */
function perLinkKiB(before: number[], after: number[], agents: number): number {
  const g = before.length;
  const each = after.map((a, k) => (a - before[k]!) / Math.max(1, Math.floor((agents - k - 1) / g) + 1));
  return each.reduce((sum, x) => sum + x, 0) / each.length;
}

async function lagNote(w: World, what: string): Promise<void> {
  const lags = await Promise.all(w.gateways.map((g) => g.eventLoopLagMaxMs().catch(() => NaN)));
  note(`  ${what}: gateway event-loop lag max ${lags.map((l) => ms(l)).join(', ')}`);
}

/** One request for every device; per-agent ack latency (server's acknowledged_at − just before the POST). */
async function taskToAll(w: World, label: string) {
  await eachWorker(w, { type: 'drain' });
  await lagNote(w, `${label} before`);
  const t0 = Date.now();
  const request = await w.call('POST', '/api/v1/agent-task-requests', { ...TASK, target: { all: true } });
  const answered = Date.now() - t0;
  const requestId = String(request.id);
  if (request.taskCount !== w.o.agents)
    throw new Error(`${label}: the request made ${String(request.taskCount)} tasks for ${w.o.agents} agents`);
  const counts = () =>
    w.store.db
      .selectFrom('agent_tasks')
      .select((eb) => [
        eb.fn.count<number>('acknowledged_at').as('acked'),
        eb.fn.count<number>('finished_at').as('finished'),
      ])
      .where('tenant_id', '=', w.tenantId)
      .where('request_id', '=', requestId)
      .executeTakeFirstOrThrow();
  let last = -1;
  let movedAt = Date.now();
  for (;;) {
    const c = await counts();
    const acked = Number(c.acked);
    if (acked >= w.o.agents && Number(c.finished) >= w.o.agents) break;
    if (acked !== last) {
      last = acked;
      movedAt = Date.now();
    } else if (Date.now() - movedAt > 60_000) {
      const s = await totalStatus(w.procs);
      throw new Error(
        `${label}: stuck at ${acked} of ${w.o.agents} acknowledged for 60 s (workers: failures ${s.failures}, ` +
          `server errors ${s.serverErrors}; first: ${s.firstError || 'none'})`,
      );
    }
    await sleep(200);
  }
  const rows = await w.store.db
    .selectFrom('agent_tasks')
    .select(['acknowledged_at', 'status'])
    .where('tenant_id', '=', w.tenantId)
    .where('request_id', '=', requestId)
    .execute();
  const failed = rows.filter((r) => r.status !== 'succeeded').length;
  if (failed) throw new Error(`${label}: ${failed} tasks did not succeed`);
  const acks = rows.map((r) => Date.parse(String(r.acknowledged_at)) - t0).sort((a, b) => a - b);
  const receipts = (await Promise.all(w.procs.map((p) => p.drain()))).flat();
  const got = new Set(receipts.map(([i]) => i));
  if (got.size !== w.o.agents)
    throw new Error(`${label}: ${got.size} of ${w.o.agents} agents received the task`);
  const delivered = receipts.map(([, , at]) => at - t0).sort((a, b) => a - b);
  note(
    `  ${label}: request answered in ${ms(answered)}; pushed/polled ${spread(delivered)}; acknowledged ${spread(acks)}`,
  );
  await lagNote(w, `${label} after`);
  return { p50: percentile(acks, 50), p99: percentile(acks, 99), total: acks[acks.length - 1]! };
}

/** Waits for agent `i`'s next receipt (workers forward receipts live meanwhile). */
function receiptOf(w: World, waits: Map<number, (at: number) => void>, i: number, timeoutMs: number) {
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`agent ${i} got no task in ${timeoutMs} ms`)), timeoutMs);
    waits.set(i, (at) => {
      clearTimeout(timer);
      resolve(at);
    });
  });
}

/**
 * `count` single-device requests, each for a different random agent: from just before the POST to the
 * agent receiving the task. Sequential (`pauseMs` apart) over WebSockets; under polling all are posted
 * first (each still timed on its own) so the run does not take count × the poll period.
 */
async function targeted(
  w: World,
  label: string,
  count: number,
  pauseMs: number,
  timeoutMs: number,
  serial: boolean,
) {
  const waits = new Map<number, (at: number) => void>();
  w.onReceipt = ([i, , at]) => {
    const resolve = waits.get(i);
    waits.delete(i);
    resolve?.(at);
  };
  await eachWorker(w, { type: 'live', on: true });
  const picks = new Set<number>();
  while (picks.size < Math.min(count, w.o.agents)) picks.add(Math.floor(Math.random() * w.o.agents));
  const latencies: number[] = [];
  const answers: number[] = [];
  const samples: Array<{ i: number; t0: number; ms: number }> = [];
  const pending: Promise<void>[] = [];
  for (const i of picks) {
    const got = receiptOf(w, waits, i, timeoutMs);
    const t0 = Date.now();
    await w.call('POST', '/api/v1/agent-task-requests', {
      ...TASK,
      target: { assetIds: [`bench-asset-${i}`] },
    });
    answers.push(Date.now() - t0);
    const done = got.then((at) => {
      latencies.push(at - t0);
      samples.push({ i, t0, ms: at - t0 });
    });
    if (serial) await done;
    else pending.push(done);
    if (pauseMs) await sleep(pauseMs);
  }
  await Promise.all(pending);
  await eachWorker(w, { type: 'live', on: false });
  await eachWorker(w, { type: 'drain' });
  w.onReceipt = () => {};
  latencies.sort((a, b) => a - b);
  answers.sort((a, b) => a - b);
  note(`  ${label}: POST → push ${spread(latencies)}; POST answered ${spread(answers)}`);
  if (serial) await flushPhases(w, samples);
  return latencies;
}

/**
 * Where the slow targeted tasks fell in their gateway's presence cycle: each gateway writes its agents'
 * activity every PRESENCE_FLUSH_MS in one transaction, stamping gateway_nodes.last_seen_at when it begins.
 */
async function flushPhases(w: World, samples: Array<{ i: number; t0: number; ms: number }>): Promise<void> {
  const rows = await w.store.db
    .selectFrom('agents')
    .innerJoin('gateway_nodes', 'gateway_nodes.id', 'agents.online_node')
    .select(['agents.id', 'gateway_nodes.last_seen_at'])
    .where(
      'agents.id',
      'in',
      samples.map((x) => `bench-agent-${x.i}`),
    )
    .execute();
  const flushedAt = new Map(rows.map((r) => [r.id, Date.parse(r.last_seen_at)]));
  const phase = (x: { i: number; t0: number }) => {
    const at = flushedAt.get(`bench-agent-${x.i}`);
    return at === undefined
      ? NaN
      : (((x.t0 - at) % PRESENCE_FLUSH_MS) + PRESENCE_FLUSH_MS) % PRESENCE_FLUSH_MS;
  };
  const slow = samples.filter((x) => x.ms > TARGETS.targeted.threshold);
  const early = slow.filter((x) => phase(x) < 1_000).length;
  const worst = [...samples].sort((a, b) => b.ms - a.ms).slice(0, 5);
  note(
    `  ${slow.length} of ${samples.length} over ${TARGETS.targeted.threshold} ms; ${early} of them posted within 1 s ` +
      `after a presence flush began (1 s is ${(100_000 / PRESENCE_FLUSH_MS).toFixed(0)}% of the cycle); slowest: ` +
      worst.map((x) => `${x.ms} ms at +${(phase(x) / 1000).toFixed(2)} s`).join(', '),
  );
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
