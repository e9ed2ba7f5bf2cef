import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';

describeEachDialect('custom fields', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;
  let other: SeededTenant;
  let personId: string;

  beforeAll(async () => {
    s = await startTestServer(dialect);
    t = await seedTenant(s.steward, 'acme');
    other = await seedTenant(s.steward, 'globex');
    personId = (
      await api(s.url, 'POST', '/api/v1/people', {
        token: t.tokens.operator,
        body: { name: 'Owner', email: 'o@acme.example.com' },
      })
    ).body.id;
    const defs = [
      { key: 'cf_cost_centre', label: 'Cost centre', type: 'enum', values: ['eng', 'sales'], required: true },
      { key: 'cf_budget', label: 'Budget', type: 'number' },
      { key: 'cf_audit_date', label: 'Audited', type: 'date' },
      { key: 'cf_byod', label: 'BYOD', type: 'boolean' },
      { key: 'cf_note', label: 'Note', type: 'text' },
      { key: 'cf_owner', label: 'Business owner', type: 'person' },
    ];
    for (const d of defs)
      expect(
        (await api(s.url, 'POST', '/api/v1/custom-fields', { token: t.tokens.admin, body: d })).status,
      ).toBe(201);
  });
  afterAll(async () => s.stop());

  it('rejects bad definitions, duplicates, and non-admins', async () => {
    const cases: [unknown, string][] = [
      [{ key: 'cost', label: 'x', type: 'text' }, 'body.key'],
      [{ key: 'cf_x', label: 'x', type: 'enum' }, 'body.values'],
      [{ key: 'cf_x', label: 'x', type: 'text', values: ['a'] }, 'body.values'],
      [{ key: 'cf_x', label: 'x', type: 'colour' }, 'body.type'],
    ];
    for (const [body, path] of cases) {
      const r = await api(s.url, 'POST', '/api/v1/custom-fields', { token: t.tokens.admin, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(
      (
        await api(s.url, 'POST', '/api/v1/custom-fields', {
          token: t.tokens.admin,
          body: { key: 'cf_budget', label: 'x', type: 'text' },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await api(s.url, 'POST', '/api/v1/custom-fields', {
          token: t.tokens.operator,
          body: { key: 'cf_y', label: 'x', type: 'text' },
        })
      ).status,
    ).toBe(403);
  });

  it('validates every value on write, naming each bad field, and writes nothing', async () => {
    const before = (await api(s.url, 'GET', '/api/v1/assets/counts', { token: t.tokens.viewer })).body.total;
    const r = await api(s.url, 'POST', '/api/v1/assets', {
      token: t.tokens.operator,
      body: {
        kind: 'device',
        custom: {
          cf_budget: 'lots',
          cf_audit_date: '31/12/2025',
          cf_byod: 'maybe',
          cf_owner: 'nobody',
          cf_unknown: 1,
        },
      },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'body.custom.cf_audit_date',
      'body.custom.cf_budget',
      'body.custom.cf_byod',
      'body.custom.cf_cost_centre',
      'body.custom.cf_owner',
      'body.custom.cf_unknown',
    ]);
    expect((await api(s.url, 'GET', '/api/v1/assets/counts', { token: t.tokens.viewer })).body.total).toBe(
      before,
    );
    const wrongEnum = await api(s.url, 'POST', '/api/v1/assets', {
      token: t.tokens.operator,
      body: { kind: 'device', custom: { cf_cost_centre: 'hr' } },
    });
    expect(wrongEnum.body.error.details).toEqual([
      { path: 'body.custom.cf_cost_centre', reason: 'must be one of eng, sales' },
    ]);
  });

  it('stores typed values and clears them with null', async () => {
    const r = await api(s.url, 'POST', '/api/v1/assets', {
      token: t.tokens.operator,
      body: {
        kind: 'device',
        custom: {
          cf_cost_centre: 'eng',
          cf_budget: 1200.5,
          cf_audit_date: '2026-01-31',
          cf_byod: false,
          cf_note: 'hi',
          cf_owner: personId,
        },
      },
    });
    expect(r.status).toBe(201);
    expect(r.body.custom).toEqual({
      cf_cost_centre: 'eng',
      cf_budget: 1200.5,
      cf_audit_date: '2026-01-31',
      cf_byod: false,
      cf_note: 'hi',
      cf_owner: personId,
    });
    const cleared = await api(s.url, 'PATCH', `/api/v1/assets/${r.body.id}`, {
      token: t.tokens.operator,
      body: { custom: { cf_note: null } },
    });
    expect(cleared.body.custom.cf_note).toBeUndefined();
    const required = await api(s.url, 'PATCH', `/api/v1/assets/${r.body.id}`, {
      token: t.tokens.operator,
      body: { custom: { cf_cost_centre: null } },
    });
    expect(required.status).toBe(400);
  });

  it("keeps each tenant's definitions apart", async () => {
    expect(
      (await api(s.url, 'GET', '/api/v1/custom-fields', { token: other.tokens.viewer })).body.items,
    ).toEqual([]);
    const r = await api(s.url, 'POST', '/api/v1/assets', {
      token: other.tokens.operator,
      body: { kind: 'device', custom: { cf_budget: 1 } },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0]).toEqual({
      path: 'body.custom.cf_budget',
      reason: 'no such custom field',
    });
    const mine = (await api(s.url, 'GET', '/api/v1/custom-fields', { token: t.tokens.viewer })).body.items;
    expect(
      (await api(s.url, 'DELETE', `/api/v1/custom-fields/${mine[0].id}`, { token: other.tokens.owner }))
        .status,
    ).toBe(404);
  });
});
