// Schedule triggers end to end on a real server with a clock the test moves: a daily 09:00 Berlin cron
// fires at 08:00Z in winter and 07:00Z in summer, once per fire time however often its timer runs; fire
// times missed while nothing ran give one run, not one each; a stale or disabled timer does nothing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/stores.js';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { toJob } from '../../platform/jobs/index.js';
import { scheduleHandler, SCHEDULE_JOB } from './engine/trigger.schedule.js';

const daily = (overrides: Record<string, unknown> = {}) => ({
  name: 'Daily at nine in Berlin',
  trigger: { type: 'schedule', cron: '0 9 * * *', timeZone: 'Europe/Berlin' },
  start: 'note',
  steps: [{ id: 'note', type: 'set_variable', variable: 'firedAt', value: 'trigger.firedAt' }],
  ...overrides,
});

describeEachDialect('workflow schedule triggers', (dialect) => {
  let now = new Date('2026-01-15T10:00:00Z');
  const clock = { now: () => new Date(now) };
  let s: TestServer;
  let t: SeededTenant;
  beforeAll(async () => {
    s = await startTestServer(dialect, { jobs: { workers: 2, leaseSeconds: 30, pollMs: 25 } }, { clock });
    t = await seedTenant(s.steward, 'sched');
  });
  afterAll(async () => s?.stop());

  const call = (method: string, path: string, body?: unknown) =>
    api(s.url, method, path, { token: t.tokens.admin, body });

  async function create(definition: unknown): Promise<string> {
    const res = await call('POST', '/api/v1/workflows', definition);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  }

  const timers = async (workflowId: string) =>
    (
      await s.steward.store.db
        .selectFrom('jobs')
        .selectAll()
        .where('type', '=', SCHEDULE_JOB)
        .where('idempotency_key', 'like', `${SCHEDULE_JOB}:${workflowId}:%`)
        .orderBy('run_at')
        .execute()
    ).map(toJob);

  const firedAt = async (workflowId: string): Promise<string[]> => {
    const runs = (await call('GET', `/api/v1/workflows/${workflowId}/runs`)).body.items as {
      trigger: { firedAt: string };
    }[];
    return runs.map((r) => r.trigger.firedAt).sort();
  };

  async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000) {
    for (const end = Date.now() + timeoutMs; Date.now() < end;) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  const settle = () => new Promise((r) => setTimeout(r, 400));
  const runTimer = (job: ReturnType<typeof toJob>) =>
    scheduleHandler(s.steward.connectors)(job, { signal: new AbortController().signal, workerId: 'test' });

  it('fires 09:00 Berlin at 08:00Z in winter and 07:00Z in summer, once per fire time', async () => {
    const id = await create(daily());
    expect(await timers(id)).toEqual([]); // created disabled: nothing armed
    expect((await call('PATCH', `/api/v1/workflows/${id}`, { enabled: true })).status).toBe(200);
    const [first] = await timers(id);
    expect(first).toMatchObject({ runAt: '2026-01-16T08:00:00.000Z', status: 'queued' });

    now = new Date('2026-01-16T07:59:59Z');
    await settle();
    expect(await firedAt(id)).toEqual([]);

    now = new Date('2026-01-16T08:00:00Z');
    await until(async () => (await firedAt(id)).length === 1, 'the winter run');
    expect(await firedAt(id)).toEqual(['2026-01-16T08:00:00.000Z']);
    await until(
      async () => (await timers(id)).some((j) => j.runAt === '2026-01-17T08:00:00.000Z'),
      'the next timer',
    );

    // Half a year on: the 17 January timer runs late and starts one run, for the latest missed time.
    now = new Date('2026-07-15T06:30:00Z');
    await until(async () => (await firedAt(id)).length === 2, 'the catch-up run');
    await settle();
    expect(await firedAt(id)).toEqual(['2026-01-16T08:00:00.000Z', '2026-07-14T07:00:00.000Z']);
    const pending = (await timers(id)).filter((j) => j.status === 'queued');
    expect(pending.map((j) => j.runAt)).toEqual(['2026-07-15T07:00:00.000Z']);

    now = new Date('2026-07-15T07:00:00Z');
    await until(async () => (await firedAt(id)).length === 3, 'the summer run');
    expect((await firedAt(id)).at(-1)).toBe('2026-07-15T07:00:00.000Z');
    const runs = (await call('GET', `/api/v1/workflows/${id}/runs`)).body.items;
    expect(runs[0].trigger).toMatchObject({ type: 'schedule', cron: '0 9 * * *', timeZone: 'Europe/Berlin' });

    // The summer timer delivered again (twice more): still one run for its fire time, and one next timer.
    const summer = (await timers(id)).find((j) => j.runAt === '2026-07-15T07:00:00.000Z')!;
    await runTimer(summer);
    await runTimer(summer);
    expect(await firedAt(id)).toEqual([
      '2026-01-16T08:00:00.000Z',
      '2026-07-14T07:00:00.000Z',
      '2026-07-15T07:00:00.000Z',
    ]);
    expect((await timers(id)).filter((j) => j.runAt === '2026-07-16T07:00:00.000Z')).toHaveLength(1);
    await call('PATCH', `/api/v1/workflows/${id}`, { enabled: false });
  });

  it('a timer from an older cron, or of a disabled workflow, starts nothing', async () => {
    now = new Date('2026-08-01T12:00:00Z');
    const id = await create(daily({ name: 'Rescheduled' }));
    await call('PATCH', `/api/v1/workflows/${id}`, { enabled: true });
    const [old] = await timers(id);
    expect(old!.runAt).toBe('2026-08-02T07:00:00.000Z');

    // A new version at 10:30 Berlin arms its own timer; the 09:00 one no longer fires.
    const saved = await call('PUT', `/api/v1/workflows/${id}`, {
      ...daily({ name: 'Rescheduled' }),
      trigger: { type: 'schedule', cron: '30 10 * * *', timeZone: 'Europe/Berlin' },
    });
    expect(saved.status).toBe(200);
    expect((await timers(id)).map((j) => j.runAt)).toEqual([
      '2026-08-02T07:00:00.000Z',
      '2026-08-02T08:30:00.000Z',
    ]);
    expect(await runTimer(old!)).toMatchObject({ skipped: expect.any(String) });

    await call('PATCH', `/api/v1/workflows/${id}`, { enabled: false });
    const current = (await timers(id)).find((j) => j.runAt === '2026-08-02T08:30:00.000Z')!;
    expect(await runTimer(current)).toMatchObject({ skipped: expect.any(String) });
    expect(await firedAt(id)).toEqual([]);
  });

  it('refuses a cron or time zone that does not parse, naming the field', async () => {
    const refused = async (trigger: Record<string, unknown>) => {
      const res = await call('POST', '/api/v1/workflows', daily({ name: 'Bad schedule', trigger }));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      return (res.body.error.details as { path: string }[]).map((d) => d.path);
    };
    expect(await refused({ type: 'schedule', cron: '61 9 * * *', timeZone: 'UTC' })).toEqual([
      'body.trigger.cron',
    ]);
    expect(await refused({ type: 'schedule', cron: '0 9 * *' })).toEqual(['body.trigger.cron']);
    expect(await refused({ type: 'schedule', cron: '0 0 9 * * * 2030' })).toEqual(['body.trigger.cron']);
    expect(await refused({ type: 'schedule', cron: '0 9 * * *', timeZone: 'Mars/Olympus' })).toEqual([
      'body.trigger.timeZone',
    ]);
    // Six fields (with seconds) are fine.
    const ok = await call('POST', '/api/v1/workflows', {
      ...daily({ name: 'Every thirty seconds' }),
      trigger: { type: 'schedule', cron: '*/30 * * * * *', timeZone: 'UTC' },
    });
    expect(ok.status).toBe(201);
  });
});
