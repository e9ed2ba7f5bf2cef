// The phases of the agents benchmark (bench/agents.bench.ts): a task to every agent, targeted tasks, and
// what the gateways say they hold, each measured against the world the benchmark set up.
import { note, type Target } from './harness.js';
import type { Receipt } from './agents.load.js';
import {
  percentile,
  rssKiB,
  sleep,
  totalStatus,
  type GatewayProcess,
  type LoadProcess,
} from './agents.setup.js';
import type { Store } from '../apps/server/src/platform/db/index.js';
import { PRESENCE_FLUSH_MS } from '../apps/server/src/features/agents/gateway/presence.js';
import type { Options } from './agents.bench.js';

export const TASK = { type: 'restart', parameters: { delaySeconds: 0 } } as const;

/** The targets on the 2-core machine. */
export const TARGETS = {
  held: { on: 'value', op: '>=', threshold: 100_000 },
  perGateway: { on: 'ratio', op: '>=', threshold: 1 },
  rss: { on: 'value', op: '<=', threshold: 10 },
  toAll: { on: 'value', op: '<=', threshold: 2_000 },
  targeted: { on: 'value', op: '<=', threshold: 10 },
  reconnect: { on: 'value', op: '<=', threshold: 90_000 },
} satisfies Record<string, Target>;

export const ms = (x: number) => `${x.toFixed(0)} ms`;
export const spread = (xs: number[]) =>
  `p50 ${ms(percentile(xs, 50))}, p99 ${ms(percentile(xs, 99))}, max ${ms(xs[xs.length - 1]!)}`;

export interface World {
  o: Options;
  store: Store;
  tenantId: string;
  gateways: GatewayProcess[];
  procs: LoadProcess[];
  call: (method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>;
  /** Called with each receipt while the workers forward them live. */
  onReceipt: (r: Receipt) => void;
}

export async function eachWorker(w: World, m: Parameters<LoadProcess['ask']>[0]): Promise<void> {
  await Promise.all(w.procs.map((p) => p.ask(m)));
}

/** RSS of each gateway, KiB. */
export const rssAll = (w: World) => w.gateways.map((g) => rssKiB(g.pid));

/**
 * Connections each gateway says it holds (gateway_nodes.connections, written by its presence flush), from
 * flushes that began after `since`; a flush that has not come round in 60 s is reported as such.
 */
export async function heldByNode(w: World, since: number): Promise<number[]> {
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
export function perLinkKiB(before: number[], after: number[], agents: number): number {
  const g = before.length;
  const each = after.map((a, k) => (a - before[k]!) / Math.max(1, Math.floor((agents - k - 1) / g) + 1));
  return each.reduce((sum, x) => sum + x, 0) / each.length;
}

export async function lagNote(w: World, what: string): Promise<void> {
  const lags = await Promise.all(w.gateways.map((g) => g.eventLoopLagMaxMs().catch(() => NaN)));
  note(`  ${what}: gateway event-loop lag max ${lags.map((l) => ms(l)).join(', ')}`);
}

/** One request for every device; per-agent ack latency (server's acknowledged_at − just before the POST). */
export async function taskToAll(w: World, label: string) {
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
export function receiptOf(w: World, waits: Map<number, (at: number) => void>, i: number, timeoutMs: number) {
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
export async function targeted(
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
export async function flushPhases(
  w: World,
  samples: Array<{ i: number; t0: number; ms: number }>,
): Promise<void> {
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
