// Date triggers end to end with a clock the test moves: a warranty ending in 59 days fires a 60-day
// workflow once, about that asset; later scans and the next day's scan fire nothing more; a changed date
// fires again. Custom date fields and filters work the same way.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/stores.js';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { DATE_SCAN_JOB, scanDates } from './engine/trigger.dates.js';

const refresh = (overrides: Record<string, unknown> = {}) => ({
  name: 'Warranty refresh',
  trigger: { type: 'date_approaching', kind: 'asset', attribute: 'warrantyEnd', daysBefore: 60 },
  start: 'note',
  steps: [{ id: 'note', type: 'set_variable', variable: 'serial', value: 'subject.serialNumber' }],
  ...overrides,
});

describeEachDialect('workflow date triggers', (dialect) => {
  let now = new Date('2026-03-01T12:00:00Z');
  const clock = { now: () => new Date(now) };
  let s: TestServer;
  let t: SeededTenant;
  beforeAll(async () => {
    s = await startTestServer(dialect, { jobs: { workers: 2, leaseSeconds: 30, pollMs: 25 } }, { clock });
    t = await seedTenant(s.steward, 'dates');
  });
  afterAll(async () => s?.stop());

  const call = (method: string, path: string, body?: unknown) =>
    api(s.url, method, path, { token: t.tokens.admin, body });

  async function asset(serial: string, attributes: Record<string, unknown>) {
    const res = await call('POST', '/api/v1/assets', {
      kind: 'device',
      deviceType: 'laptop',
      name: serial,
      serialNumber: serial,
      ...attributes,
    });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body as { id: string; version: number };
  }

  async function enabled(definition: unknown): Promise<string> {
    const res = await call('POST', '/api/v1/workflows', definition);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    await call('PATCH', `/api/v1/workflows/${res.body.id}`, { enabled: true });
    return res.body.id as string;
  }

  const runs = async (workflowId: string) =>
    (await call('GET', `/api/v1/workflows/${workflowId}/runs`)).body.items as {
      subjectId: string;
      trigger: { type: string; attribute: string; date: string };
    }[];

  const scans = (workflowId: string) =>
    s.steward.store.db
      .selectFrom('jobs')
      .select(['run_at', 'status'])
      .where('type', '=', DATE_SCAN_JOB)
      .where('idempotency_key', 'like', `${DATE_SCAN_JOB}:${workflowId}:%`)
      .orderBy('run_at')
      .execute();

  async function until(check: () => Promise<boolean>, what: string) {
    for (const end = Date.now() + 10_000; Date.now() < end;) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('fires once per asset and date within daysBefore, and again when the date changes', async () => {
    const soon = await asset('C02DATE0001', { warrantyEnd: '2026-04-29' }); // in 59 days
    await asset('C02DATE0002', { warrantyEnd: '2026-06-01' }); // in 92 days
    await asset('C02DATE0003', { warrantyEnd: '2026-02-27' }); // already over
    await asset('C02DATE0004', {}); // none

    // Enabling scans at once.
    const id = await enabled(refresh());
    await until(async () => (await runs(id)).length === 1, 'the first run');
    const [run] = await runs(id);
    expect(run).toMatchObject({
      subjectId: soon.id,
      trigger: { type: 'date_approaching', attribute: 'warrantyEnd', date: '2026-04-29' },
    });

    // Another scan the same day, and the next day's, fire nothing more.
    expect(await scanDates(s.steward.connectors, t.id, id)).toMatchObject({ matched: 1, started: 0 });
    expect((await scans(id)).map((j) => j.run_at)).toContain('2026-03-02T00:00:00.000Z');
    now = new Date('2026-03-02T06:00:00Z');
    await until(
      async () =>
        (await scans(id)).some((j) => j.run_at === '2026-03-02T00:00:00.000Z' && j.status === 'succeeded'),
      'the daily scan',
    );
    expect((await scans(id)).map((j) => j.run_at)).toContain('2026-03-03T00:00:00.000Z');
    expect(await runs(id)).toHaveLength(1);

    // A new warranty end date is a new event for the same asset.
    const patched = await call('PATCH', `/api/v1/assets/${soon.id}`, { warrantyEnd: '2026-04-20' });
    expect(patched.status).toBe(200);
    expect(await scanDates(s.steward.connectors, t.id, id)).toMatchObject({ started: 1 });
    expect(await scanDates(s.steward.connectors, t.id, id)).toMatchObject({ started: 0 });
    const dates = (await runs(id)).map((r) => [r.subjectId, r.trigger.date]);
    expect(dates.sort()).toEqual([
      [soon.id, '2026-04-20'],
      [soon.id, '2026-04-29'],
    ]);

    // Disabled, its scans stop and fire nothing.
    await call('PATCH', `/api/v1/workflows/${id}`, { enabled: false });
    await call('PATCH', `/api/v1/assets/${soon.id}`, { warrantyEnd: '2026-04-10' });
    expect(await scanDates(s.steward.connectors, t.id, id)).toMatchObject({ active: false, started: 0 });
    expect(await runs(id)).toHaveLength(2);
  });

  it('reads custom date fields, and fires only for entities its filter accepts', async () => {
    const field = await call('POST', '/api/v1/custom-fields', {
      key: 'cf_lease_return',
      label: 'Lease return',
      type: 'date',
    });
    expect(field.status).toBe(201);
    const deployed = await asset('C02DATE0010', {
      lifecycleState: 'deployed',
      custom: { cf_lease_return: '2026-03-10' },
    });
    await asset('C02DATE0011', { lifecycleState: 'in_stock', custom: { cf_lease_return: '2026-03-10' } });
    await asset('C02DATE0012', { lifecycleState: 'deployed', custom: { cf_lease_return: '2026-05-10' } });

    const id = await enabled(
      refresh({
        name: 'Lease returns of deployed devices',
        trigger: {
          type: 'date_approaching',
          kind: 'asset',
          attribute: 'cf_lease_return',
          daysBefore: 14,
          filter: "after.lifecycleState = 'deployed'",
        },
      }),
    );
    await until(async () => (await runs(id)).length === 1, 'the lease run');
    await new Promise((r) => setTimeout(r, 300));
    expect((await runs(id)).map((r) => [r.subjectId, r.trigger.date])).toEqual([[deployed.id, '2026-03-10']]);
    await call('PATCH', `/api/v1/workflows/${id}`, { enabled: false });
  });

  it('refuses an attribute that is not a date of that kind, naming the field', async () => {
    for (const trigger of [
      { type: 'date_approaching', kind: 'asset', attribute: 'serialNumber', daysBefore: 30 },
      { type: 'date_approaching', kind: 'person', attribute: 'warrantyEnd', daysBefore: 30 },
    ]) {
      const res = await call('POST', '/api/v1/workflows', refresh({ name: 'Bad date', trigger }));
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([
        { path: 'body.trigger.attribute', reason: expect.any(String) },
      ]);
    }
  });

  it('reads a person’s built-in dates the same way', async () => {
    const leaver = await call('POST', '/api/v1/people', {
      name: 'Leaving Soon',
      email: 'leaving@dates.example.com',
      endDate: '2026-03-05',
    });
    expect(leaver.status).toBe(201);
    await call('POST', '/api/v1/people', { name: 'Staying', email: 'staying@dates.example.com' });
    const id = await enabled({
      ...refresh({ name: 'Leavers' }),
      trigger: { type: 'date_approaching', kind: 'person', attribute: 'endDate', daysBefore: 7 },
      steps: [{ id: 'note', type: 'set_variable', variable: 'who', value: 'subject.email' }],
    });
    await until(async () => (await runs(id)).length === 1, 'the leaver run');
    expect((await runs(id))[0]).toMatchObject({ subjectId: leaver.body.id, trigger: { date: '2026-03-05' } });
    expect(await scanDates(s.steward.connectors, t.id, id)).toMatchObject({ matched: 1, started: 0 });
  });
});
