// What bench/workflows.bench.ts measures against: a real Steward on real HTTP with a trivial job type of
// the bench's own, the Slack simulator (rate limit lifted), the measured workflow, and the reads that
// count runs, Slack messages and what is stuck when nothing moves.
import { startSlackSimulator, type SlackSimulator } from '@steward/connector-slack/simulator';
import { note } from './harness.js';
import { loadConfig } from '../apps/server/src/platform/config/index.js';
import { createSteward, type Steward } from '../apps/server/src/server.js';
import { ensureTenant } from '../apps/server/src/features/tenants/index.js';
import { createTokenAsSystem } from '../apps/server/src/features/tokens/index.js';
import { systemClock } from '../apps/server/src/platform/db/index.js';

export const NOOP_JOB = 'bench.noop';
/** A wait fails instead of hanging when nothing finishes for this long. */
const STALL_MS = 60_000;

export interface Bench {
  steward: Steward;
  slack: SlackSimulator;
  /** fetch with the bench tenant's admin token; JSON in and out; throws on a non-2xx answer. */
  call: (method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>;
  /** When each trivial job's handler started, by its payload's index. */
  noopStarted: Map<number, number>;
}

/** The workflow measured: a filtered entity trigger and five steps, the third one posting to Slack. */
export function benchWorkflow(name: string, instance: string, concurrency: number) {
  return {
    name,
    trigger: {
      type: 'entity_changed',
      kind: 'asset',
      filter: "$exists(diff.name) and $contains(after.name, 'renamed')",
    },
    start: 'isDevice',
    concurrency,
    steps: [
      { id: 'isDevice', type: 'condition', if: "subject.kind = 'device'", then: 'label', else: null },
      {
        id: 'label',
        type: 'set_variable',
        variable: 'label',
        value: "subject.name & ' ' & subject.serialNumber",
        next: 'notify',
      },
      {
        id: 'notify',
        type: 'connector_action',
        instance,
        action: 'notify',
        // The trigger type and the subject tell the bench which run a message came from.
        input: { text: "trigger.type & ' ' & subject.id & ' (' & vars.label & ')'" },
        next: 'mark',
      },
      { id: 'mark', type: 'set_variable', variable: 'posted', value: 'steps.notify.status', next: 'check' },
      { id: 'check', type: 'condition', if: "vars.posted = 'succeeded'", then: null, else: null },
    ],
  };
}

export async function openBench(
  settings: { dataDir: string; databaseUrl?: string; workers?: number; pollMs?: number },
  label: string,
): Promise<Bench> {
  const noopStarted = new Map<number, number>();
  const slack = await startSlackSimulator({ rateLimit: { perSecond: 1e9, burst: 1e9 } });
  const { dataDir, databaseUrl, workers, pollMs } = settings;
  const config = loadConfig(
    {},
    {
      port: 0,
      dataDir,
      logLevel: 'silent',
      // The server's own defaults unless asked otherwise.
      ...(workers !== undefined || pollMs !== undefined
        ? { jobs: { workers: workers ?? 4, leaseSeconds: 30, pollMs: pollMs ?? 500 } }
        : {}),
      ...(databaseUrl ? { databaseUrl } : {}),
    },
  );
  const steward = await createSteward(config, {
    logger: false,
    jobHandlers: {
      [NOOP_JOB]: async (job) => {
        noopStarted.set((job.payload as { i: number }).i, Date.now());
        return null;
      },
    },
  });
  const url = await steward.listen();
  note(`${label}: worker concurrency ${config.jobs.workers}, poll ${config.jobs.pollMs} ms`);
  const tenant = await ensureTenant(steward.store.db, systemClock, 'bench', 'Bench');
  const { secret } = await createTokenAsSystem({ db: steward.store.db, clock: systemClock }, tenant.id, {
    name: 'bench',
    role: 'admin',
  });
  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${url}${p}`, {
      method,
      headers: {
        authorization: `Bearer ${secret}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  };
  return { steward, slack, call, noopStarted };
}

export async function closeBench(b: Bench): Promise<void> {
  await b.steward.close();
  await b.slack.close();
}

/** Runs `fn` over `items` with `k` in flight at once. */
export async function pool<T>(items: T[], k: number, fn: (item: T, index: number) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(k, items.length) }, lane));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `count()` until it reaches `want`; fails, saying what `diagnose()` finds, when it stops moving. */
export async function waitFor(
  what: string,
  want: number,
  count: () => Promise<number>,
  diagnose: () => Promise<string> = async () => '',
): Promise<void> {
  let last = -1;
  let movedAt = Date.now();
  for (;;) {
    const n = await count();
    if (n >= want) return;
    if (n !== last) {
      last = n;
      movedAt = Date.now();
    } else if (Date.now() - movedAt > STALL_MS)
      throw new Error(`${what}: stuck at ${n} of ${want} for ${STALL_MS / 1000} s. ${await diagnose()}`);
    await sleep(200);
  }
}

/** The source the bench's devices come from, as a connector's sync would send them. */
export const BENCH_SOURCE = { key: 'bench-mdm', name: 'Bench MDM', type: 'mdm' };

/** Device `i` as the bench source sees it, named `name`. */
export function deviceObservation(i: number, name: string) {
  return {
    source: BENCH_SOURCE.key,
    sourceKey: `dev-${i}`,
    kind: 'device',
    observedAt: new Date().toISOString(),
    identifiers: { serialNumber: `WFB${i}` },
    attributes: { name, deviceType: 'laptop' },
  };
}

/**
 * Posts observations of devices `from`..`from + count - 1` named by `nameOf`, as the bench source, in
 * batches of the API's 10,000; returns the devices' entity ids in order. Every item must apply.
 */
export async function observeDevices(
  b: Bench,
  from: number,
  count: number,
  nameOf: (i: number) => string,
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = from; start < from + count; start += 10_000) {
    const items = Array.from({ length: Math.min(10_000, from + count - start) }, (_, k) =>
      deviceObservation(start + k, nameOf(start + k)),
    );
    const res = await b.call('POST', '/api/v1/observations', items);
    const results = res.items as Array<{ status: string; entityId?: string | null }>;
    const bad = results.find((r) => !r.entityId || r.status === 'rejected' || r.status === 'review');
    if (bad) throw new Error(`an observation did not apply: ${JSON.stringify(bad)}`);
    ids.push(...results.map((r) => String(r.entityId)));
  }
  return ids;
}

/** For each subject, when its first Slack message from a run of this trigger type arrived, and how many came. */
export function arrivals(
  slack: SlackSimulator,
  triggerType: string,
): Map<string, { at: number; count: number }> {
  const by = new Map<string, { at: number; count: number }>();
  const prefix = `${triggerType} `;
  for (const m of slack.state.messages) {
    if (!m.text?.startsWith(prefix)) continue;
    const id = m.text.slice(prefix.length).split(' ')[0]!;
    const seen = by.get(id);
    if (seen) seen.count++;
    else by.set(id, { at: Date.parse(m.receivedAt), count: 1 });
  }
  return by;
}

/** Runs of the workflow by status, how many have finished, and the last finished_at (ms). */
export async function runCounts(b: Bench, workflowId: string) {
  const rows = await b.steward.store.db
    .selectFrom('workflow_runs')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n'), eb.fn.max('finished_at').as('last')])
    .where('workflow_id', '=', workflowId)
    .groupBy('status')
    .execute();
  const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  const finished = rows.filter((r) => r.status !== 'running' && r.status !== 'queued');
  const last = Math.max(0, ...finished.map((r) => (r.last ? Date.parse(String(r.last)) : 0)));
  return { by, finished: finished.reduce((a, r) => a + Number(r.n), 0), last };
}

/** What a stuck wait reports: runs by status, jobs by type and status, the trigger scan's position. */
export async function diagnose(b: Bench, workflowId: string): Promise<string> {
  const { db } = b.steward.store;
  const jobs = await db
    .selectFrom('jobs')
    .select((eb) => ['type', 'status', eb.fn.countAll<number>().as('n')])
    .groupBy(['type', 'status'])
    .execute();
  const cursor = await db.selectFrom('workflow_trigger_cursors').select('scanned_until').executeTakeFirst();
  const lastEvent = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('action', 'like', 'asset.%')
    .executeTakeFirst();
  return (
    `Runs ${JSON.stringify((await runCounts(b, workflowId)).by)}; jobs ` +
    jobs.map((j) => `${j.type}/${j.status}=${Number(j.n)}`).join(' ') +
    `; trigger scan position ${cursor?.scanned_until ?? 'none'}, last asset event ${String(lastEvent?.at)}`
  );
}

/** Calls `act(id)` for each asset, `clients` at a time, each lane pausing `pauseMs` after its call. */
export async function each(ids: string[], clients: number, act: (id: string) => Promise<void>, pauseMs = 0) {
  await pool(ids, clients, async (id) => {
    await act(id);
    if (pauseMs) await sleep(pauseMs);
  });
}

/**
 * When each asset's rename was written: the `at` of its asset.updated audit event, which the update's
 * transaction writes just before it commits. Read from the database rather than stamped when the PATCH
 * answers, since the bench's client shares the event loop with the server and would see that late.
 */
export async function renameTimes(b: Bench, ids: string[]): Promise<Map<string, number>> {
  const rows = await b.steward.store.db
    .selectFrom('audit_events')
    .select(['target_id', 'at'])
    .where('action', '=', 'asset.updated')
    .where('target_id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [String(r.target_id), Date.parse(r.at)]));
}

/** When each run of the workflow was created (its created_at, in the starting transaction), by subject. */
export async function startTimes(b: Bench, workflowId: string, ids: string[]): Promise<Map<string, number>> {
  const rows = await b.steward.store.db
    .selectFrom('workflow_runs')
    .select(['subject_id', 'created_at'])
    .where('workflow_id', '=', workflowId)
    .where('subject_id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [String(r.subject_id), Date.parse(r.created_at)]));
}

/** Change → first Slack message for each subject, ascending; each must have had exactly one message. */
export function latencies(b: Bench, triggerType: string, changed: Map<string, number>): number[] {
  const got = arrivals(b.slack, triggerType);
  const out: number[] = [];
  for (const [id, at] of changed) {
    const a = got.get(id);
    if (!a) throw new Error(`no Slack message from a ${triggerType} run about asset ${id}`);
    if (a.count !== 1) throw new Error(`asset ${id} got ${a.count} Slack messages from ${triggerType} runs`);
    out.push(a.at - at);
  }
  return out.sort((x, y) => x - y);
}
