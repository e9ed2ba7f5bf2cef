import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';
import { queryAssets } from './asset.page.js';
import { assetQuerySchema } from './asset.query.schemas.js';
import { planSearch, searchTerms, type SearchOptions } from './asset.search.js';

interface Item {
  id: string;
  name: string | null;
  serialNumber: string | null;
  [k: string]: unknown;
}

const FIRST = ['William', 'Willa', 'Robert', 'Roberta', 'Ann', 'Wilbur'];
const LAST = ['Williams', 'Wilson', 'Roberts', "O'Brien", 'Smith'];
const MODELS = ['MacBook Pro', 'MacBook Air', 'ThinkPad X1', 'Latitude 7440'];

// Each search is run under three plans: whatever the planner picks, every word forced to be probed per
// row while walking the sort index, and the narrowest word's matches always collected first.
const PLANS: Record<string, SearchOptions> = {
  auto: {},
  probe: { collectBelow: 0 },
  collect: { collectBelow: 1e9 },
};

describeEachDialect('free-text search plans', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;
  let other: SeededTenant;

  async function pageAll(body: Record<string, unknown>, options: SearchOptions): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 100; guard++) {
      const q = assetQuerySchema.parse({ ...body, limit: 7, ...(cursor ? { cursor } : {}) });
      const page = await queryAssets(s.steward.store.db, t.id, q, 'body.', options);
      ids.push(...page.items.map((i) => i.id));
      if (!page.nextCursor) return ids;
      cursor = page.nextCursor;
    }
    throw new Error('paging did not end');
  }

  beforeAll(async () => {
    s = await startTestServer(dialect);
    t = await seedTenant(s.steward, 'acme');
    other = await seedTenant(s.steward, 'globex');
    const people: string[] = [];
    for (let p = 0; p < 12; p++) {
      const name = `${FIRST[p % FIRST.length]} ${LAST[(p * 7) % LAST.length]}`;
      const r = await api(s.url, 'POST', '/api/v1/people', {
        token: t.tokens.operator,
        body: { name, email: `person${p}@acme.example.com` },
      });
      people.push(r.body.id);
    }
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const r = await api(s.url, 'POST', '/api/v1/assets', {
        token: t.tokens.operator,
        body: {
          kind: 'device',
          name: i % 5 === 0 ? `wilderness-${i}` : `host-${i}`,
          serialNumber: `C02${String(i * 37).padStart(5, '0')}`,
          model: MODELS[i % MODELS.length],
          lifecycleState: 'in_stock',
        },
      });
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    }
    // Change updatedAt in an order unrelated to creation, through paths that do and do not rebuild tokens.
    for (let i = 0; i < 60; i += 3) {
      const id = ids[(i * 17) % 60]!;
      const person = people[i % people.length]!;
      expect(
        (
          await api(s.url, 'POST', `/api/v1/assets/${id}/assign`, {
            token: t.tokens.operator,
            body: { personId: person },
          })
        ).status,
      ).toBe(200);
    }
    for (let i = 0; i < 60; i += 4) {
      const id = ids[(i * 23) % 60]!;
      const r = await api(s.url, 'POST', `/api/v1/assets/${id}/transition`, {
        token: t.tokens.operator,
        body: { to: 'in_repair', reason: 'screen' },
      });
      expect(r.status).toBe(200);
    }
    for (let i = 1; i < 60; i += 9) {
      const r = await api(s.url, 'PUT', `/api/v1/assets/${ids[i]}/legal-hold`, {
        token: t.tokens.admin,
        body: { hold: true, reason: 'litigation' },
      });
      expect(r.status).toBe(200);
    }
    await api(s.url, 'POST', '/api/v1/assets', {
      token: other.tokens.operator,
      body: { kind: 'device', name: 'wilderness-foreign', serialNumber: 'C0200000', model: 'MacBook Pro' },
    });
  }, 120_000);
  afterAll(async () => s.stop());

  /** The reference answer: the whole list in the same sort, without search, filtered here word by word. */
  async function expected(body: Record<string, unknown>, words: string[]): Promise<string[]> {
    const all: Item[] = [];
    let cursor: string | undefined;
    do {
      const r = await api(s.url, 'POST', '/api/v1/assets/search', {
        token: t.tokens.viewer,
        body: { ...body, search: undefined, limit: 1000, ...(cursor ? { cursor } : {}) },
      });
      all.push(...r.body.items);
      cursor = r.body.nextCursor ?? undefined;
    } while (cursor);
    const people = new Map<string, string>();
    const pr = await api(s.url, 'GET', '/api/v1/people?limit=500', { token: t.tokens.viewer });
    for (const p of pr.body.items) people.set(p.id, `${p.name} ${p.email}`);
    const texts = (a: Item) =>
      [a.name, a.serialNumber, a.model, a.assignedPersonId ? people.get(String(a.assignedPersonId)) : '']
        .join(' ')
        .toLowerCase()
        .split(/[\s@.,;:/\\()[\]{}"'_-]+/);
    return all.filter((a) => words.every((w) => texts(a).some((tok) => tok.startsWith(w)))).map((a) => a.id);
  }

  const CASES: {
    search: string;
    sort?: { field: string; direction: 'asc' | 'desc' };
    filters?: unknown[];
  }[] = [
    { search: 'wil' },
    { search: 'will', sort: { field: 'updatedAt', direction: 'asc' } },
    { search: 'wil macbook' },
    { search: 'rob', sort: { field: 'name', direction: 'asc' } },
    { search: "o'br" },
    { search: 'c02', filters: [{ field: 'lifecycleState', op: 'eq', value: 'in_repair' }] },
    { search: 'macbook air', sort: { field: 'serialNumber', direction: 'desc' } },
    { search: 'wilderness' },
    { search: 'zzz nothing' },
  ];

  for (const c of CASES) {
    it(`finds the same assets in the same order under every plan: ${JSON.stringify(c)}`, async () => {
      const body = {
        search: c.search,
        ...(c.sort ? { sort: c.sort } : {}),
        ...(c.filters ? { filters: c.filters } : {}),
      };
      const want = await expected(body, searchTerms(c.search));
      for (const [name, options] of Object.entries(PLANS)) {
        expect({ plan: name, ids: await pageAll(body, options) }).toEqual({ plan: name, ids: want });
      }
      if (c.search !== 'zzz nothing') expect(want.length).toBeGreaterThan(0);
    });
  }

  it('counts every match whatever the page plan', async () => {
    const want = (await expected({}, ['wil'])).length;
    for (const options of Object.values(PLANS)) {
      const page = await queryAssets(
        s.steward.store.db,
        t.id,
        assetQuerySchema.parse({ search: 'wil', count: true, limit: 3 }),
        'body.',
        options,
      );
      expect(page.total).toBe(want);
    }
    const none = await queryAssets(
      s.steward.store.db,
      t.id,
      assetQuerySchema.parse({ search: 'wil zzz', count: true }),
    );
    expect(none).toMatchObject({ items: [], total: 0 });
  });

  it('picks the plan from how common the narrowest word is', async () => {
    const db = s.steward.store.db;
    expect(await planSearch(db, t.id, [], 'updatedAt', 50)).toEqual({ kind: 'none' });
    expect(await planSearch(db, t.id, ['zzz'], 'updatedAt', 50)).toEqual({ kind: 'empty' });
    expect(await planSearch(db, t.id, ['c02', 'wilderness'], 'updatedAt', 50)).toEqual({
      kind: 'token-order',
      driver: 'wilderness',
      others: ['c02'],
    });
    expect(await planSearch(db, t.id, ['c02', 'wilderness'], 'name', 50)).toMatchObject({
      kind: 'token-set',
    });
    // 60 assets all with a token under "c02": with a threshold of 10 that word is walked, not collected.
    expect(await planSearch(db, t.id, ['c02'], 'updatedAt', 50, { collectBelow: 10 })).toEqual({
      kind: 'probe',
      terms: ['c02'],
    });
  });

  it('never finds another tenant’s assets', async () => {
    for (const options of Object.values(PLANS)) {
      expect(await pageAll({ search: 'foreign' }, options)).toEqual([]);
      const theirs = await queryAssets(
        s.steward.store.db,
        other.id,
        assetQuerySchema.parse({ search: 'foreign' }),
        'body.',
        options,
      );
      expect(theirs.items.map((i) => (i as unknown as Item).name)).toEqual(['wilderness-foreign']);
    }
  });
});
