import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BusMessage } from '../../platform/bus/index.js';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';
import { REMIND_JOB } from './attestation.service.js';

describeEachDialect('attestation campaigns', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;
  let other: SeededTenant;
  const people: Record<string, string> = {};
  const assets: Record<string, string> = {};
  const events: BusMessage[] = [];

  const post = (path: string, body: unknown, token = t.tokens.operator) =>
    api(s.url, 'POST', path, { token, body });
  const tokenOf = (link: string) => link.split('/attest/')[1]!;

  beforeAll(async () => {
    s = await startTestServer(dialect);
    t = await seedTenant(s.steward, 'acme');
    other = await seedTenant(s.steward, 'globex');
    await s.steward.bus.subscribe(`tenant.${t.id}.attestation.>`, (m) => void events.push(m));
    for (const name of ['ann', 'ben', 'cat'])
      people[name] = (await post('/api/v1/people', { name, email: `${name}@acme.example.com` })).body.id;
    const holdings: [string, string][] = [
      ['a1', 'ann'],
      ['a2', 'ann'],
      ['b1', 'ben'],
      ['c1', 'cat'],
    ];
    for (const [asset, person] of holdings) {
      assets[asset] = (
        await post('/api/v1/assets', { kind: 'device', name: asset, tags: asset === 'c1' ? ['lab'] : [] })
      ).body.id;
      await post(`/api/v1/assets/${assets[asset]}/assign`, { personId: people[person] });
    }
    assets.spare = (await post('/api/v1/assets', { kind: 'device', name: 'spare' })).body.id;
  });
  afterAll(async () => s.stop());

  it('asks every assignee about each asset they hold, records answers once, and reports who has not answered', async () => {
    const dueAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const c = await post(
      '/api/v1/attestations/campaigns',
      { name: 'FY27 attestation', dueAt, reminderEveryDays: 7 },
      t.tokens.admin,
    );
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ status: 'open', people: 3, assets: 4 });
    await s.steward.bus.flush();
    const links = events
      .filter((e) => e.subject.endsWith('.requested'))
      .map((e) => e.data as { personId: string; link: string });
    expect(links.map((l) => l.personId).sort()).toEqual(Object.values(people).sort());

    const annLink = links.find((l) => l.personId === people.ann)!.link;
    const view = await api(s.url, 'GET', `/api/v1/attestations/respond/${tokenOf(annLink)}`);
    expect(view.body.assets.map((a: { name: string }) => a.name)).toEqual(['a1', 'a2']);
    const partial = await api(s.url, 'POST', `/api/v1/attestations/respond/${tokenOf(annLink)}`, {
      body: { responses: [{ assetId: assets.a1, holds: true }] },
    });
    expect(partial.status).toBe(400);
    const foreign = await api(s.url, 'POST', `/api/v1/attestations/respond/${tokenOf(annLink)}`, {
      body: {
        responses: [
          { assetId: assets.a1, holds: true },
          { assetId: assets.a2, holds: true },
          { assetId: assets.b1, holds: true },
        ],
      },
    });
    expect(foreign.body.error.details).toEqual([
      { path: 'body.responses[2].assetId', reason: 'not on your list' },
    ]);
    const ok = await api(s.url, 'POST', `/api/v1/attestations/respond/${tokenOf(annLink)}`, {
      body: {
        responses: [
          { assetId: assets.a1, holds: true },
          { assetId: assets.a2, holds: false, note: 'returned it in March' },
        ],
      },
    });
    expect(ok.status).toBe(204);
    const again = await api(s.url, 'POST', `/api/v1/attestations/respond/${tokenOf(annLink)}`, {
      body: {
        responses: [
          { assetId: assets.a1, holds: true },
          { assetId: assets.a2, holds: true },
        ],
      },
    });
    expect(again.status).toBe(409);
    const tampered = annLink.slice(0, -3) + (annLink.endsWith('aaa') ? 'bbb' : 'aaa');
    expect((await api(s.url, 'GET', `/api/v1/attestations/respond/${tokenOf(tampered)}`)).status).toBe(404);

    const report = await api(s.url, 'GET', `/api/v1/attestations/campaigns/${c.body.id}/report`, {
      token: t.tokens.viewer,
    });
    expect(report.body).toMatchObject({ responded: 1, pending: 2, confirmed: 1, disputed: 1 });
    expect(report.body.notAnswered.map((p: { name: string }) => p.name)).toEqual(['ben', 'cat']);
    expect(report.body.disputes).toEqual([
      { personId: people.ann, assetId: assets.a2, note: 'returned it in March' },
    ]);
    const tl = await api(s.url, 'GET', `/api/v1/assets/${assets.a2}/timeline`, { token: t.tokens.viewer });
    expect(tl.body.items[0]).toMatchObject({
      action: 'asset.attestation_disputed',
      actor: { type: 'person', id: people.ann },
      reason: 'returned it in March',
    });

    // The durable reminder job nudges those who have not answered and schedules the next one.
    const job = await s.steward.store.db
      .selectFrom('jobs')
      .selectAll()
      .where('type', '=', REMIND_JOB)
      .executeTakeFirstOrThrow();
    expect(Date.parse(job.run_at) - Date.now()).toBeGreaterThan(6 * 86_400_000);
    await s.steward.store.db
      .updateTable('jobs')
      .set({ run_at: new Date(0).toISOString() })
      .where('id', '=', job.id)
      .execute();
    s.steward.worker.wake();
    await expect
      .poll(async () => (await s.steward.queue.get(job.id))?.status, { timeout: 10_000 })
      .toBe('succeeded');
    await s.steward.bus.flush();
    const reminders = events
      .filter((e) => e.subject.endsWith('.reminder'))
      .map((e) => (e.data as { personId: string }).personId);
    expect(reminders.sort()).toEqual([people.ben, people.cat].sort());
    const after = await api(s.url, 'GET', `/api/v1/attestations/campaigns/${c.body.id}/report`, {
      token: t.tokens.viewer,
    });
    expect(after.body.notAnswered.map((p: { remindersSent: number }) => p.remindersSent)).toEqual([1, 1]);
    expect(
      await s.steward.store.db
        .selectFrom('jobs')
        .select('id')
        .where('type', '=', REMIND_JOB)
        .where('status', '=', 'queued')
        .execute(),
    ).toHaveLength(1);

    await post(`/api/v1/attestations/campaigns/${c.body.id}/close`, {}, t.tokens.admin);
    const benLink = links.find((l) => l.personId === people.ben)!.link;
    const closed = await api(s.url, 'POST', `/api/v1/attestations/respond/${tokenOf(benLink)}`, {
      body: { responses: [{ assetId: assets.b1, holds: true }] },
    });
    expect(closed.status).toBe(409);
  });

  it('scopes a campaign by filters, and isolates tenants', async () => {
    const dueAt = new Date(Date.now() + 86_400_000 * 10).toISOString();
    const c = await post(
      '/api/v1/attestations/campaigns',
      { name: 'Lab only', dueAt, filters: [{ field: 'tags', op: 'eq', value: 'lab' }] },
      t.tokens.admin,
    );
    expect(c.body).toMatchObject({ people: 1, assets: 1 });
    expect(
      (await post('/api/v1/attestations/campaigns', { name: 'x', dueAt }, t.tokens.operator)).status,
    ).toBe(403);
    expect(
      (
        await post(
          '/api/v1/attestations/campaigns',
          { name: 'x', dueAt: '2020-01-01T00:00:00Z' },
          t.tokens.admin,
        )
      ).status,
    ).toBe(400);
    expect(
      (await post('/api/v1/attestations/campaigns', { name: 'empty', dueAt }, other.tokens.admin)).status,
    ).toBe(409);
    expect(
      (
        await api(s.url, 'GET', `/api/v1/attestations/campaigns/${c.body.id}/report`, {
          token: other.tokens.owner,
        })
      ).status,
    ).toBe(404);
    expect(
      (await api(s.url, 'GET', '/api/v1/attestations/campaigns', { token: other.tokens.viewer })).body.items,
    ).toEqual([]);
  });
});
