import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';

describeEachDialect('people and locations', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;
  let other: SeededTenant;

  beforeAll(async () => {
    s = await startTestServer(dialect);
    t = await seedTenant(s.steward, 'acme');
    other = await seedTenant(s.steward, 'globex');
  });
  afterAll(async () => s.stop());

  const post = (path: string, body: unknown, token = t.tokens.operator) =>
    api(s.url, 'POST', path, { token, body });

  it('adds people with a manager and location, unique by email, and lists them by name with a cursor', async () => {
    const hq = await post('/api/v1/locations', { name: 'HQ', address: '1 Main St' });
    expect(hq.status).toBe(201);
    expect((await post('/api/v1/locations', { name: 'HQ' })).status).toBe(409);
    const boss = await post('/api/v1/people', {
      name: 'Ada Boss',
      email: 'ADA@acme.example.com',
      department: 'Eng',
    });
    expect(boss.body.email).toBe('ada@acme.example.com');
    const p = await post('/api/v1/people', {
      name: 'Bob Worker',
      email: 'bob@acme.example.com',
      managerId: boss.body.id,
      locationId: hq.body.id,
      department: 'Eng',
    });
    expect(p.status).toBe(201);
    expect(p.body).toMatchObject({
      managerId: boss.body.id,
      locationId: hq.body.id,
      status: 'active',
      legalHold: false,
    });
    expect((await post('/api/v1/people', { name: 'Dup', email: 'bob@acme.example.com' })).status).toBe(409);
    for (const n of ['Cy', 'Di', 'Ed']) await post('/api/v1/people', { name: n, employeeId: `E-${n}` });
    const page1 = await api(s.url, 'GET', '/api/v1/people?limit=2', { token: t.tokens.viewer });
    const page2 = await api(s.url, 'GET', `/api/v1/people?limit=10&cursor=${page1.body.nextCursor}`, {
      token: t.tokens.viewer,
    });
    expect([...page1.body.items, ...page2.body.items].map((x: { name: string }) => x.name)).toEqual([
      'Ada Boss',
      'Bob Worker',
      'Cy',
      'Di',
      'Ed',
    ]);
    const q = await api(s.url, 'GET', '/api/v1/people?q=bob', { token: t.tokens.viewer });
    expect(q.body.items.map((x: { name: string }) => x.name)).toEqual(['Bob Worker']);
    const dept = await api(s.url, 'GET', '/api/v1/people?department=Eng', { token: t.tokens.viewer });
    expect(dept.body.items).toHaveLength(2);
  });

  it('validates people: identity required, references must exist, no self-management', async () => {
    const none = await post('/api/v1/people', { name: 'Nobody' });
    expect(none.status).toBe(400);
    expect(none.body.error.details[0].path).toBe('body.email');
    const bad = await post('/api/v1/people', {
      name: 'X',
      email: 'x@acme.example.com',
      managerId: 'missing',
      locationId: 'missing',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'body.locationId',
      'body.managerId',
    ]);
    const me = await post('/api/v1/people', { name: 'Me', email: 'me@acme.example.com' });
    const self = await api(s.url, 'PATCH', `/api/v1/people/${me.body.id}`, {
      token: t.tokens.operator,
      body: { managerId: me.body.id },
    });
    expect(self.status).toBe(400);
  });

  it('records legal hold and termination in the person timeline', async () => {
    const p = await post('/api/v1/people', { name: 'Held', email: 'held@acme.example.com' });
    expect(
      (
        await api(s.url, 'PUT', `/api/v1/people/${p.body.id}/legal-hold`, {
          token: t.tokens.operator,
          body: { hold: true, reason: 'case' },
        })
      ).status,
    ).toBe(403);
    const held = await api(s.url, 'PUT', `/api/v1/people/${p.body.id}/legal-hold`, {
      token: t.tokens.admin,
      body: { hold: true, reason: 'case 7' },
    });
    expect(held.body.legalHold).toBe(true);
    await api(s.url, 'PATCH', `/api/v1/people/${p.body.id}`, {
      token: t.tokens.operator,
      body: { status: 'terminated', endDate: '2026-11-30' },
    });
    const tl = await api(s.url, 'GET', `/api/v1/people/${p.body.id}/timeline`, { token: t.tokens.viewer });
    expect(tl.body.items.map((e: { action: string }) => e.action)).toEqual([
      'person.updated',
      'person.legal_hold_set',
      'person.created',
    ]);
    expect(tl.body.items[0].changes.status).toEqual({ before: 'active', after: 'terminated' });
  });

  it('isolates tenants on every people and location route', async () => {
    const p = await post('/api/v1/people', { name: 'Private', email: 'private@acme.example.com' });
    const tok = other.tokens.owner;
    expect((await api(s.url, 'GET', `/api/v1/people/${p.body.id}`, { token: tok })).status).toBe(404);
    expect(
      (await api(s.url, 'PATCH', `/api/v1/people/${p.body.id}`, { token: tok, body: { name: 'x' } })).status,
    ).toBe(404);
    expect(
      (
        await api(s.url, 'PUT', `/api/v1/people/${p.body.id}/legal-hold`, {
          token: tok,
          body: { hold: true, reason: 'x' },
        })
      ).status,
    ).toBe(404);
    expect((await api(s.url, 'GET', `/api/v1/people/${p.body.id}/timeline`, { token: tok })).status).toBe(
      404,
    );
    expect((await api(s.url, 'GET', '/api/v1/people?q=private', { token: tok })).body.items).toEqual([]);
    expect((await api(s.url, 'GET', '/api/v1/locations', { token: tok })).body.items).toEqual([]);
    // The same email may exist in another tenant.
    expect(
      (
        await api(s.url, 'POST', '/api/v1/people', {
          token: other.tokens.operator,
          body: { name: 'Other', email: 'private@acme.example.com' },
        })
      ).status,
    ).toBe(201);
  });

  it('filters people on any attribute and custom field, with a total', async () => {
    await api(s.url, 'POST', '/api/v1/custom-fields', {
      token: t.tokens.admin,
      body: {
        key: 'cf_clearance',
        label: 'Clearance',
        type: 'enum',
        values: ['low', 'high'],
        entityType: 'person',
      },
    });
    const mk = (name: string, extra: Record<string, unknown>) =>
      post('/api/v1/people', { name, email: `${name.toLowerCase()}@f.example.com`, ...extra });
    await mk('Fa', { department: 'Finance', startDate: '2020-01-01', custom: { cf_clearance: 'high' } });
    await mk('Fb', { department: 'Finance', startDate: '2024-06-01', status: 'terminated' });
    await mk('Fc', { department: 'Sales', startDate: '2023-03-01', custom: { cf_clearance: 'low' } });
    const q = (filters: unknown[]) =>
      api(s.url, 'GET', `/api/v1/people?count=true&filter=${encodeURIComponent(JSON.stringify(filters))}`, {
        token: t.tokens.viewer,
      });
    const names = (r: { body: { items: { name: string }[] } }) => r.body.items.map((p) => p.name);
    expect(names(await q([{ field: 'department', op: 'eq', value: 'Finance' }]))).toEqual(['Fa', 'Fb']);
    expect(
      names(
        await q([
          { field: 'startDate', op: 'gte', value: '2023-01-01' },
          { field: 'email', op: 'prefix', value: 'f' },
        ]),
      ),
    ).toEqual(['Fb', 'Fc']);
    expect(
      names(
        await q([
          { field: 'status', op: 'in', value: ['terminated', 'on_leave'] },
          { field: 'email', op: 'prefix', value: 'f' },
        ]),
      ),
    ).toEqual(['Fb']);
    expect(names(await q([{ field: 'cf_clearance', op: 'eq', value: 'high' }]))).toEqual(['Fa']);
    expect(
      names(
        await q([
          { field: 'cf_clearance', op: 'exists', value: false },
          { field: 'email', op: 'prefix', value: 'f' },
        ]),
      ),
    ).toEqual(['Fb']);
    const total = await q([
      { field: 'legalHold', op: 'eq', value: false },
      { field: 'email', op: 'prefix', value: 'f' },
    ]);
    expect(total.body.total).toBe(3);
    const bad = await q([
      { field: 'shoeSize', op: 'eq', value: 9 },
      { field: 'legalHold', op: 'prefix', value: 'x' },
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'query.filter[0].field',
      'query.filter[1].value',
    ]);
    const foreign = await api(
      s.url,
      'GET',
      `/api/v1/people?filter=${encodeURIComponent(JSON.stringify([{ field: 'department', op: 'eq', value: 'Finance' }]))}`,
      { token: other.tokens.viewer },
    );
    expect(foreign.body.items).toEqual([]);
  });
});
