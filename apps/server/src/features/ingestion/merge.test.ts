import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';
import { laptop, now } from './observations.fixture.js';

describeEachDialect('ingestion: merges and their undo', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;

  const post = (path: string, body: unknown, token = t.tokens.operator) =>
    api(s.url, 'POST', path, { token, body });
  const get = (path: string, token = t.tokens.viewer) => api(s.url, 'GET', path, { token });

  beforeAll(async () => {
    s = await startTestServer(dialect);
    t = await seedTenant(s.steward, 'acme');
    for (const [key, type] of [
      ['mdm1', 'mdm'],
      ['edr1', 'edr'],
    ])
      expect((await post('/api/v1/sources', { key, name: key, type }, t.tokens.admin)).status).toBe(201);
  });
  afterAll(async () => s.stop());

  it('merges one device into another and undoes it exactly', async () => {
    await post('/api/v1/observations', [
      laptop('ma', 'SN-MA', { hostname: 'merge-a' }),
      { ...laptop('mb', 'SN-MB-TYPO'), source: 'edr1', attributes: { edrPresent: true, edrHealthy: true } },
    ]);
    const bySerial = async (serial: string) =>
      (
        await post(
          '/api/v1/assets/search',
          { filters: [{ field: 'serialNumber', op: 'eq', value: serial }] },
          t.tokens.viewer,
        )
      ).body.items[0];
    const a = await bySerial('SN-MA');
    const b = await bySerial('SN-MB-TYPO');
    expect((await post(`/api/v1/assets/${a.id}/merge`, { from: b.id }, t.tokens.operator)).status).toBe(403);
    expect((await post(`/api/v1/assets/${a.id}/merge`, { from: a.id }, t.tokens.admin)).status).toBe(400);
    expect(
      (await post(`/api/v1/assets/${a.id}/merge`, { from: 'nope' }, t.tokens.admin)).body.error.details[0]
        .path,
    ).toBe('body.from');
    const m = await post(
      `/api/v1/assets/${a.id}/merge`,
      { from: b.id, reason: 'typo in the EDR' },
      t.tokens.admin,
    );
    expect(m.status).toBe(200);
    expect(m.body).toMatchObject({ survivorId: a.id, mergedId: b.id, undoneAt: null });
    expect((await get(`/api/v1/assets/${b.id}`)).status).toBe(404);
    const merged = (await get(`/api/v1/assets/${a.id}`)).body;
    expect(merged).toMatchObject({ serialNumber: 'SN-MA', edrHealthy: true, hostname: 'merge-a' });
    expect(
      (await get(`/api/v1/assets/${a.id}/twin`)).body.records
        .map((r: { recordKey: string }) => r.recordKey)
        .sort(),
    ).toEqual(['ma', 'mb']);
    // The EDR's record now reports to the survivor.
    const again = await post('/api/v1/observations', [
      { ...laptop('mb', 'SN-MB-TYPO'), source: 'edr1', attributes: { edrPresent: true, edrHealthy: false } },
    ]);
    expect(again.body.items[0]).toMatchObject({ status: 'updated', entityId: a.id });

    const undo = await post(`/api/v1/merges/${m.body.id}/undo`, {}, t.tokens.admin);
    expect(undo.status).toBe(200);
    expect((await get(`/api/v1/assets/${b.id}`)).body).toMatchObject({
      id: b.id,
      serialNumber: 'SN-MB-TYPO',
    });
    expect(
      (await get(`/api/v1/assets/${b.id}/twin`)).body.records.map((r: { recordKey: string }) => r.recordKey),
    ).toEqual(['mb']);
    expect((await get(`/api/v1/assets/${a.id}`)).body.edrHealthy).toBeNull();
    expect((await post(`/api/v1/merges/${m.body.id}/undo`, {}, t.tokens.admin)).status).toBe(409);
    expect((await get(`/api/v1/assets/${a.id}/merges`)).body.items[0]).toMatchObject({
      id: m.body.id,
      undoneAt: expect.any(String),
    });
    const actions = (await get(`/api/v1/assets/${a.id}/timeline`)).body.items.map(
      (e: { action: string }) => e.action,
    );
    expect(actions.slice(0, 3)).toEqual(['asset.merge_undone', 'asset.updated', 'asset.updated']);
    expect(actions).toContain('asset.merged');
  });

  it('refuses to merge away a device that carries history of its own', async () => {
    await post('/api/v1/observations', [laptop('mh1', 'SN-MH1'), laptop('mh2', 'SN-MH2')]);
    const ids = (
      await post(
        '/api/v1/assets/search',
        {
          filters: [{ field: 'serialNumber', op: 'in', value: ['SN-MH1', 'SN-MH2'] }],
          sort: { field: 'serialNumber' },
        },
        t.tokens.viewer,
      )
    ).body.items.map((x: { id: string }) => x.id);
    const hold = await api(s.url, 'PUT', `/api/v1/assets/${ids[1]}/legal-hold`, {
      token: t.tokens.admin,
      body: { hold: true, reason: 'litigation' },
    });
    expect(hold.status).toBe(200);
    const r = await post(`/api/v1/assets/${ids[0]}/merge`, { from: ids[1] }, t.tokens.admin);
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'merge_refused' });
    expect(r.body.error.message).toContain('legal hold');
    expect((await get(`/api/v1/assets/${ids[1]}`)).status).toBe(200);
  });

  it('resolves a queued record by merging its candidates into one', async () => {
    const mac = (n: number) => `00:1c:b4:00:00:0${n}`;
    await post('/api/v1/observations', [
      { ...laptop('q1', 'x'), identifiers: { macAddresses: [mac(1)] }, attributes: { hostname: 'q-one' } },
      { ...laptop('q2', 'x'), identifiers: { macAddresses: [mac(2)] }, attributes: { model: 'Q Book' } },
    ]);
    const queued = await post('/api/v1/observations', [
      { ...laptop('q3', 'SN-Q3'), identifiers: { serialNumber: 'SN-Q3', macAddresses: [mac(1), mac(2)] } },
    ]);
    expect(queued.body.items[0].status).toBe('review');
    const item = (await get('/api/v1/review-items')).body.items.find(
      (i: { record: { recordKey: string } }) => i.record.recordKey === 'q3',
    );
    const [survivor, other] = item.candidates.map((c: { entityId: string }) => c.entityId);
    const r = await post(
      `/api/v1/review-items/${item.id}/resolve`,
      { action: 'merge', survivorId: survivor },
      t.tokens.admin,
    );
    expect(r.body).toMatchObject({ status: 'merged', entityId: survivor });
    expect((await get(`/api/v1/assets/${other}`)).status).toBe(404);
    const twin = (await get(`/api/v1/assets/${survivor}/twin`)).body;
    expect(twin.records.map((x: { recordKey: string }) => x.recordKey).sort()).toEqual(['q1', 'q2', 'q3']);
    expect((await get(`/api/v1/assets/${survivor}`)).body).toMatchObject({
      serialNumber: 'SN-Q3',
      hostname: 'q-one',
    });
  });

  it('merges two people and undoes it', async () => {
    await post('/api/v1/sources', { key: 'dir1', name: 'Okta', type: 'directory' }, t.tokens.admin);
    const person = (key: string, email: string, name: string) => ({
      source: 'dir1',
      sourceKey: key,
      kind: 'person',
      observedAt: now(),
      identifiers: { email },
      attributes: { name, department: key === 'u1' ? 'Sales' : null },
    });
    const r = await post('/api/v1/observations', [
      person('u1', 'kim@acme.example.com', 'Kim Lee'),
      // Seen later: once merged, its e-mail wins on the survivor, and undo must give it back.
      {
        ...person('u2', 'kim.lee@acme.example.com', 'Kim Lee'),
        observedAt: new Date(Date.now() + 1000).toISOString(),
      },
    ]);
    const [keep, gone] = r.body.items.map((i: { entityId: string }) => i.entityId);
    const m = await post(`/api/v1/people/${keep}/merge`, { from: gone }, t.tokens.admin);
    expect(m.status).toBe(200);
    expect((await get(`/api/v1/people/${gone}`)).status).toBe(404);
    expect((await get(`/api/v1/people/${keep}/twin`)).body.records).toHaveLength(2);
    expect((await get(`/api/v1/people/${keep}`)).body.email).toBe('kim.lee@acme.example.com');
    await post(`/api/v1/merges/${m.body.id}/undo`, {}, t.tokens.admin);
    expect((await get(`/api/v1/people/${gone}`)).body).toMatchObject({
      email: 'kim.lee@acme.example.com',
      name: 'Kim Lee',
    });
    expect((await get(`/api/v1/people/${keep}`)).body).toMatchObject({
      email: 'kim@acme.example.com',
      department: 'Sales',
    });
  });
});
