import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';

describeEachDialect('purchasing: reseller intake', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;
  let other: SeededTenant;

  const post = (path: string, body: unknown, token = t.tokens.operator) =>
    api(s.url, 'POST', path, { token, body });
  const get = (path: string, token = t.tokens.viewer) => api(s.url, 'GET', path, { token });
  async function assetTotal(token = t.tokens.viewer): Promise<number> {
    const r = await get('/api/v1/assets/counts', token);
    expect(r.status).toBe(200);
    return r.body.total;
  }
  // Array indices as body.lines[0].quantity (the schema validator may spell them body.lines.0.quantity).
  const paths = (r: { body: { error: { details: { path: string }[] } } }) =>
    r.body.error.details.map((d) => d.path.replace(/\.(\d+)(?=\.|$)/g, '[$1]')).sort();

  interface LineBody {
    lineNumber: number;
    model: string;
    quantity: number;
    manufacturer?: string;
    deviceType?: string;
    kind?: string;
    unitPrice?: number;
    serials?: string[];
  }
  const order = (
    poNumber: string,
    extra: Record<string, unknown> = {},
  ): { vendor: string; poNumber: string; lines: LineBody[] } & Record<string, unknown> => ({
    vendor: 'CDW',
    poNumber,
    orderedAt: '2026-02-03',
    expectedAt: '2026-02-10',
    currency: 'usd',
    lines: [
      {
        lineNumber: 1,
        manufacturer: 'Apple',
        model: 'MacBook Pro 14" (2025)',
        deviceType: 'laptop',
        quantity: 3,
        unitPrice: 2499.5,
        serials: [` ${poNumber.toLowerCase()}-a `, `${poNumber}-B`],
      },
      { lineNumber: 2, model: 'Studio Display', kind: 'accessory', deviceType: 'monitor', quantity: 2 },
    ],
    ...extra,
  });

  beforeAll(async () => {
    s = await startTestServer(dialect);
    t = await seedTenant(s.steward, 'acme');
    other = await seedTenant(s.steward, 'globex');
  });
  afterAll(async () => s.stop());

  it('creates the order, its lines and one ordered asset per unit carrying the order fields', async () => {
    const before = await assetTotal();
    const r = await post('/api/v1/purchase-orders', order('PO-1001'));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      vendor: 'CDW',
      poNumber: 'PO-1001',
      status: 'open',
      currency: 'USD',
      orderedAt: '2026-02-03',
      expectedAt: '2026-02-10',
      quantity: 5,
      receivedQuantity: 0,
      intake: { orderCreated: true, linesAdded: [1, 2], assetsCreated: 5, serialsAdded: 0 },
    });
    const [l1, l2] = r.body.lines;
    expect(l1).toMatchObject({
      lineNumber: 1,
      quantity: 3,
      receivedQuantity: 0,
      unitPrice: 2499.5,
      kind: 'device',
    });
    expect(l1.assetIds).toHaveLength(3);
    expect(l2).toMatchObject({ lineNumber: 2, quantity: 2, kind: 'accessory', deviceType: 'monitor' });
    expect(l2.assetIds).toHaveLength(2);
    expect(await assetTotal()).toBe(before + 5);

    const assets = await Promise.all(
      l1.assetIds.map(async (id: string) => (await get(`/api/v1/assets/${id}`)).body),
    );
    for (const a of assets) {
      expect(a).toMatchObject({
        kind: 'device',
        lifecycleState: 'ordered',
        poNumber: 'PO-1001',
        vendor: 'CDW',
        purchasePrice: 2499.5,
        purchaseDate: '2026-02-03',
        manufacturer: 'Apple',
        model: 'MacBook Pro 14" (2025)',
        deviceType: 'laptop',
      });
    }
    expect(assets.map((a) => a.serialNumber).sort()).toEqual(['PO-1001-A', 'PO-1001-B', null].sort());
    const monitor = (await get(`/api/v1/assets/${l2.assetIds[0]}`)).body;
    expect(monitor).toMatchObject({ kind: 'accessory', lifecycleState: 'ordered', deviceType: 'monitor' });

    const got = await get(`/api/v1/purchase-orders/${r.body.id}`);
    expect(got.status).toBe(200);
    const { intake: _intake, ...view } = r.body;
    expect(got.body).toEqual(view);

    const audit = await api(s.url, 'GET', '/api/v1/audit?action=purchase_order.created', {
      token: t.tokens.admin,
    });
    expect(audit.body.items.some((e: { target: { id: string } }) => e.target.id === r.body.id)).toBe(true);
  });

  it('is idempotent: posting the same order again answers 200 and creates nothing', async () => {
    const first = await post('/api/v1/purchase-orders', order('PO-1002'));
    expect(first.status).toBe(201);
    const before = await assetTotal();
    const again = await post('/api/v1/purchase-orders', order('PO-1002'));
    expect(again.status).toBe(200);
    expect(again.body.intake).toEqual({
      orderCreated: false,
      linesAdded: [],
      assetsCreated: 0,
      serialsAdded: 0,
    });
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.lines).toEqual(first.body.lines);
    expect(await assetTotal()).toBe(before);
    // A re-post that leaves out optional details is the same order too.
    const minimal = await post('/api/v1/purchase-orders', {
      vendor: 'CDW',
      poNumber: 'PO-1002',
      lines: [
        { lineNumber: 1, model: 'MacBook Pro 14" (2025)', quantity: 3 },
        { lineNumber: 2, model: 'Studio Display', kind: 'accessory', quantity: 2 },
      ],
    });
    expect(minimal.status).toBe(200);
    expect(await assetTotal()).toBe(before);
    const list = await get('/api/v1/purchase-orders?vendor=CDW&limit=500');
    expect(list.body.items.filter((o: { poNumber: string }) => o.poNumber === 'PO-1002')).toHaveLength(1);
  });

  it('creates each order once when the same order is posted concurrently', async () => {
    const before = await assetTotal();
    const rs = await Promise.all([1, 2, 3].map(() => post('/api/v1/purchase-orders', order('PO-RACE'))));
    expect(rs.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(rs.map((r) => r.body.id)).size).toBe(1);
    expect(await assetTotal()).toBe(before + 5);
  });

  it('adds only the new line’s assets when the order comes back with an extra line', async () => {
    const first = await post('/api/v1/purchase-orders', order('PO-1003'));
    const before = await assetTotal();
    const body = order('PO-1003');
    body.lines.push({
      lineNumber: 3,
      model: 'Magic Keyboard',
      kind: 'accessory',
      deviceType: 'keyboard',
      quantity: 4,
    });
    const r = await post('/api/v1/purchase-orders', body);
    expect(r.status).toBe(201);
    expect(r.body.intake).toEqual({
      orderCreated: false,
      linesAdded: [3],
      assetsCreated: 4,
      serialsAdded: 0,
    });
    expect(r.body.lines.map((l: { lineNumber: number }) => l.lineNumber)).toEqual([1, 2, 3]);
    expect(r.body.lines[0].assetIds).toEqual(first.body.lines[0].assetIds);
    expect(r.body.lines[2].assetIds).toHaveLength(4);
    expect(r.body.quantity).toBe(9);
    expect(await assetTotal()).toBe(before + 4);
  });

  it('sets serials a re-post adds to an existing line on its units that have none', async () => {
    const first = await post('/api/v1/purchase-orders', order('PO-1004'));
    const body = order('PO-1004');
    body.lines[0]!.serials = ['PO-1004-A', 'PO-1004-B', 'po-1004-c'];
    const before = await assetTotal();
    const r = await post('/api/v1/purchase-orders', body);
    expect(r.status).toBe(200);
    expect(r.body.intake.serialsAdded).toBe(1);
    expect(await assetTotal()).toBe(before);
    const serials = await Promise.all(
      first.body.lines[0].assetIds.map(
        async (id: string) => (await get(`/api/v1/assets/${id}`)).body.serialNumber,
      ),
    );
    expect(serials.sort()).toEqual(['PO-1004-A', 'PO-1004-B', 'PO-1004-C']);
    // More serials than the line has units without one cannot be placed.
    body.lines[1] = { ...body.lines[1]!, serials: ['MON1', 'MON2'] };
    body.lines[0]!.serials = ['PO-1004-A', 'PO-1004-B', 'PO-1004-D'];
    const over = await post('/api/v1/purchase-orders', body);
    expect(over.status).toBe(409);
    expect(over.body.error.details).toEqual([
      { path: 'body.lines[0].serials', reason: expect.stringContaining('PO-1004-D cannot be placed') },
    ]);
  });

  it('answers 409 naming the line when an existing line comes back changed, and changes nothing', async () => {
    const first = await post('/api/v1/purchase-orders', order('PO-1005'));
    const before = await assetTotal();
    const body = order('PO-1005');
    body.lines[1] = { ...body.lines[1]!, quantity: 5 };
    body.lines.push({ lineNumber: 9, model: 'Dock', kind: 'accessory', deviceType: 'dock', quantity: 1 });
    const r = await post('/api/v1/purchase-orders', body);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('conflict');
    expect(r.body.error.message).toContain('Line 2');
    expect(r.body.error.details).toEqual([
      { path: 'body.lines[1].quantity', reason: 'line 2 was ordered with quantity 2' },
    ]);
    const model = order('PO-1005');
    model.lines[0] = { ...model.lines[0]!, model: 'MacBook Air' };
    const m = await post('/api/v1/purchase-orders', model);
    expect(m.status).toBe(409);
    expect(m.body.error.details[0].path).toBe('body.lines[0].model');
    const header = await post('/api/v1/purchase-orders', order('PO-1005', { expectedAt: '2026-03-01' }));
    expect(header.status).toBe(409);
    expect(header.body.error.details[0].path).toBe('body.expectedAt');
    expect(await assetTotal()).toBe(before);
    expect((await get(`/api/v1/purchase-orders/${first.body.id}`)).body.lines).toEqual(first.body.lines);
  });

  it('finishes an intake that died half-way without duplicating anything', async () => {
    const first = await post('/api/v1/purchase-orders', order('PO-1006'));
    const [a, b] = first.body.lines[0].assetIds as string[];
    // As if the earlier attempt created asset a but died before linking it, and never created b at all.
    await s.steward.store.db
      .updateTable('assets')
      .set({ purchase_order_line_id: null })
      .where('id', '=', a!)
      .execute();
    expect((await api(s.url, 'DELETE', `/api/v1/assets/${b}`, { token: t.tokens.admin })).status).toBe(204);
    const before = await assetTotal();
    const r = await post('/api/v1/purchase-orders', order('PO-1006'));
    expect(r.status).toBe(201);
    expect(r.body.intake).toMatchObject({ orderCreated: false, linesAdded: [], assetsCreated: 2 });
    expect(await assetTotal()).toBe(before + 1);
    const ids = r.body.lines[0].assetIds as string[];
    expect(ids).toHaveLength(3);
    expect(ids).toContain(a);
    const serials = await Promise.all(
      ids.map(async (id) => (await get(`/api/v1/assets/${id}`)).body.serialNumber),
    );
    expect(serials.filter(Boolean).sort()).toEqual(['PO-1006-A', 'PO-1006-B']);
    const again = await post('/api/v1/purchase-orders', order('PO-1006'));
    expect(again.status).toBe(200);
    expect(await assetTotal()).toBe(before + 1);
  });

  it('validates the body field by field and writes nothing on error', async () => {
    const before = await assetTotal();
    const r = await post('/api/v1/purchase-orders', {
      vendor: ' ',
      poNumber: 'PO-BAD',
      orderedAt: 'yesterday',
      lines: [
        { lineNumber: 1, model: 'X', quantity: 0 },
        { lineNumber: 4, model: 'Y', quantity: 1, serials: ['A', 'B'] },
        { lineNumber: 2, model: 'Z', quantity: 10001, color: 'red' },
        { lineNumber: 3, model: 'W', kind: 'accessory', deviceType: 'laptop', quantity: 1 },
      ],
    });
    expect(r.status).toBe(400);
    expect(paths(r)).toEqual(
      [
        'body.vendor',
        'body.orderedAt',
        'body.lines[0].quantity',
        'body.lines[1].serials',
        'body.lines[2].quantity',
        'body.lines[2].color',
        'body.lines[3].deviceType',
      ].sort(),
    );
    const dupLine = await post('/api/v1/purchase-orders', {
      vendor: 'CDW',
      poNumber: 'PO-BAD',
      lines: [
        { lineNumber: 7, model: 'X', quantity: 1 },
        { lineNumber: 7, model: 'Y', quantity: 1 },
      ],
    });
    expect(dupLine.status).toBe(400);
    expect(dupLine.body.error.details).toHaveLength(1);
    expect(paths(dupLine)).toEqual(['body.lines[1].lineNumber']);
    expect(dupLine.body.error.details[0].reason).toContain('line 7 appears twice');
    const dupSerial = await post('/api/v1/purchase-orders', {
      vendor: 'CDW',
      poNumber: 'PO-BAD',
      lines: [
        { lineNumber: 1, model: 'X', quantity: 1, serials: ['abc'] },
        { lineNumber: 2, model: 'Y', quantity: 1, serials: [' ABC '] },
      ],
    });
    expect(dupSerial.status).toBe(400);
    expect(paths(dupSerial)).toEqual(['body.lines[1].serials[0]']);
    const empty = await post('/api/v1/purchase-orders', { vendor: 'CDW', poNumber: 'PO-BAD', lines: [] });
    expect(paths(empty)).toEqual(['body.lines']);
    const refs = await post(
      '/api/v1/purchase-orders',
      order('PO-BAD', { shipTo: { personId: 'nobody', locationId: 'nowhere' } }),
    );
    expect(refs.status).toBe(400);
    expect(paths(refs)).toEqual(['body.shipTo.locationId', 'body.shipTo.personId']);
    expect(await assetTotal()).toBe(before);
    expect(
      (await get('/api/v1/purchase-orders?vendor=CDW&limit=500')).body.items.map(
        (o: { poNumber: string }) => o.poNumber,
      ),
    ).not.toContain('PO-BAD');
  });

  it('refuses a serial already recorded on another asset with 409 naming it', async () => {
    const existing = await post('/api/v1/assets', { kind: 'device', serialNumber: 'TAKEN-1' });
    expect(existing.status).toBe(201);
    const r = await post('/api/v1/purchase-orders', {
      vendor: 'SHI',
      poNumber: 'PO-TAKEN',
      lines: [{ lineNumber: 1, model: 'ThinkPad', quantity: 2, serials: ['x1', 'taken-1'] }],
    });
    expect(r.status).toBe(409);
    expect(r.body.error.details).toEqual([
      {
        path: 'body.lines[0].serials[1]',
        reason: `serial TAKEN-1 is already recorded on asset ${existing.body.id}`,
      },
    ]);
    expect((await get('/api/v1/purchase-orders?vendor=SHI')).body.items).toEqual([]);
  });

  it('keeps ship-to references and lists orders by status and vendor with a cursor', async () => {
    const loc = await post('/api/v1/locations', { name: 'Dock A' });
    expect(loc.status).toBe(201);
    const person = await post('/api/v1/people', { name: 'Ada', email: 'ada@acme.example.com' });
    expect(person.status).toBe(201);
    const created: string[] = [];
    for (const n of [1, 2, 3]) {
      const r = await post('/api/v1/purchase-orders', {
        vendor: 'Insight',
        poNumber: `INS-${n}`,
        shipTo: { personId: person.body.id, locationId: loc.body.id },
        lines: [{ lineNumber: 1, model: 'Pixel 9', deviceType: 'phone', quantity: 1 }],
      });
      expect(r.status).toBe(201);
      expect(r.body.shipTo).toEqual({ personId: person.body.id, locationId: loc.body.id });
      created.push(r.body.id);
    }
    const page1 = await get('/api/v1/purchase-orders?vendor=Insight&limit=2');
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((o: { poNumber: string }) => o.poNumber)).toEqual(['INS-3', 'INS-2']);
    expect(page1.body.items[0]).toMatchObject({
      lineCount: 1,
      quantity: 1,
      receivedQuantity: 0,
      status: 'open',
    });
    const page2 = await get(`/api/v1/purchase-orders?vendor=Insight&limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((o: { poNumber: string }) => o.poNumber)).toEqual(['INS-1']);
    expect(page2.body.nextCursor).toBeNull();
    const open = await get('/api/v1/purchase-orders?status=received&vendor=Insight');
    expect(open.body.items).toEqual([]);
    const bad = await get('/api/v1/purchase-orders?cursor=nope');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('query.cursor');
    const badStatus = await get('/api/v1/purchase-orders?status=lost');
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.details[0].path).toBe('query.status');
  });

  it("isolates tenants: another tenant's token gets 404 and its list and intake do not see the order", async () => {
    const mine = await post('/api/v1/purchase-orders', order('PO-ISO'));
    const tok = other.tokens.owner;
    expect((await get(`/api/v1/purchase-orders/${mine.body.id}`, tok)).status).toBe(404);
    const recv = await post(
      `/api/v1/purchase-orders/${mine.body.id}/receive`,
      { serials: ['PO-ISO-A'] },
      tok,
    );
    expect(recv.status).toBe(404);
    const list = await get('/api/v1/purchase-orders?limit=500', tok);
    expect(list.body.items.find((o: { id: string }) => o.id === mine.body.id)).toBeUndefined();
    const dock = await post('/api/v1/receiving', { serials: ['PO-ISO-A'] }, tok);
    expect(dock.status).toBe(200);
    expect(dock.body.results).toEqual([
      { serial: 'PO-ISO-A', status: 'unmatched', reason: expect.any(String) },
    ]);
    // The same vendor and PO number in another tenant is another order, with its own assets.
    const before = await assetTotal(tok);
    const theirs = await post('/api/v1/purchase-orders', order('PO-ISO'), tok);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(await assetTotal(tok)).toBe(before + 5);
    // A ship-to in another tenant does not exist here.
    const loc = await post('/api/v1/locations', { name: 'Globex HQ' }, tok);
    const cross = await post(
      '/api/v1/purchase-orders',
      order('PO-X', { shipTo: { locationId: loc.body.id } }),
    );
    expect(cross.status).toBe(400);
    expect(paths(cross)).toEqual(['body.shipTo.locationId']);
    const same = await get(`/api/v1/purchase-orders/${mine.body.id}`);
    expect(same.body.lines[0].receivedQuantity).toBe(0);
  });

  it('lets viewers read orders but not post or receive them', async () => {
    const mine = await post('/api/v1/purchase-orders', order('PO-VIEW'));
    const v = t.tokens.viewer;
    expect((await post('/api/v1/purchase-orders', order('PO-VIEW-2'), v)).status).toBe(403);
    expect(
      (await post(`/api/v1/purchase-orders/${mine.body.id}/receive`, { serials: ['A'] }, v)).status,
    ).toBe(403);
    expect((await post('/api/v1/receiving', { serials: ['A'] }, v)).status).toBe(403);
    expect((await get(`/api/v1/purchase-orders/${mine.body.id}`, v)).status).toBe(200);
    expect((await get('/api/v1/purchase-orders', v)).status).toBe(200);
    expect((await api(s.url, 'GET', '/api/v1/purchase-orders')).status).toBe(401);
  });

  it('describes the routes in the OpenAPI document', async () => {
    const doc = (await api(s.url, 'GET', '/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/purchase-orders',
        '/api/v1/purchase-orders/{id}',
        '/api/v1/purchase-orders/{id}/receive',
        '/api/v1/receiving',
      ]),
    );
    const intake = doc.paths['/api/v1/purchase-orders'].post;
    expect(Object.keys(intake.responses)).toEqual(expect.arrayContaining(['200', '201', '409']));
  });
});
