import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';

describeEachDialect('purchasing: receiving', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;
  let other: SeededTenant;

  const post = (path: string, body: unknown, token = t.tokens.operator) =>
    api(s.url, 'POST', path, { token, body });
  const get = (path: string, token = t.tokens.viewer) => api(s.url, 'GET', path, { token });
  const stateOf = async (id: string, token = t.tokens.viewer) =>
    (await get(`/api/v1/assets/${id}`, token)).body as {
      lifecycleState: string;
      serialNumber: string | null;
    };
  async function receivedCount(token = t.tokens.viewer): Promise<number> {
    return (await get('/api/v1/assets/counts', token)).body.byLifecycleState.received;
  }

  /** Line 1: two laptops with known serials; line 2: two monitors, serials unknown. */
  async function newOrder(poNumber: string, token = t.tokens.operator) {
    const r = await post(
      '/api/v1/purchase-orders',
      {
        vendor: 'SHI',
        poNumber,
        lines: [
          {
            lineNumber: 1,
            model: 'Latitude 7450',
            deviceType: 'laptop',
            quantity: 2,
            serials: [`${poNumber}-L1`, `${poNumber}-L2`],
          },
          { lineNumber: 2, model: 'U2724D', kind: 'accessory', deviceType: 'monitor', quantity: 2 },
        ],
      },
      token,
    );
    expect(r.status).toBe(201);
    return r.body;
  }
  const receive = (id: string, body: unknown, token = t.tokens.operator) =>
    post(`/api/v1/purchase-orders/${id}/receive`, body, token);

  beforeAll(async () => {
    s = await startTestServer(dialect);
    t = await seedTenant(s.steward, 'acme');
    other = await seedTenant(s.steward, 'globex');
  });
  afterAll(async () => s.stop());

  it('receives by known serial, normalising what was typed, and moves the order to partially received', async () => {
    const po = await newOrder('R-1');
    const before = await receivedCount();
    const r = await receive(po.id, { serials: ['  r-1-l1 '] });
    expect(r.status).toBe(200);
    expect(r.body.results).toEqual([
      {
        serial: 'R-1-L1',
        status: 'received',
        assetId: expect.any(String),
        purchaseOrderId: po.id,
        lineNumber: 1,
      },
    ]);
    expect(po.lines[0].assetIds).toContain(r.body.results[0].assetId);
    expect(await stateOf(r.body.results[0].assetId)).toMatchObject({
      lifecycleState: 'received',
      serialNumber: 'R-1-L1',
    });
    expect(r.body.purchaseOrder).toMatchObject({ status: 'partially_received', receivedQuantity: 1 });
    expect(r.body.purchaseOrder.lines[0].receivedQuantity).toBe(1);
    expect(r.body.purchaseOrder.lines[1].receivedQuantity).toBe(0);
    expect(await receivedCount()).toBe(before + 1);
    const timeline = await get(`/api/v1/assets/${r.body.results[0].assetId}/timeline`);
    expect(timeline.body.items[0]).toMatchObject({
      action: 'asset.lifecycle_changed',
      reason: 'Received against purchase order R-1 (SHI)',
    });
    const audit = await api(s.url, 'GET', '/api/v1/audit?action=purchase_order.received', {
      token: t.tokens.admin,
    });
    expect(audit.body.items.some((e: { target: { id: string } }) => e.target.id === po.id)).toBe(true);
  });

  it('is harmless to re-scan: a serial already received, or scanned twice at once, receives nothing more', async () => {
    const po = await newOrder('R-2');
    await receive(po.id, { serials: ['R-2-L1'] });
    const before = await receivedCount();
    const again = await receive(po.id, { serials: ['R-2-L1', 'r-2-l2', 'R-2-L2', ' R-2-L2'] });
    expect(again.status).toBe(200);
    expect(again.body.results.map((x: { status: string }) => x.status)).toEqual([
      'already_received',
      'received',
      'already_received',
      'already_received',
    ]);
    expect(again.body.results[0].reason).toBe('the asset is received');
    expect(again.body.results[2].reason).toBe('scanned more than once in this request');
    expect(again.body.results[2].assetId).toBe(again.body.results[1].assetId);
    expect(await receivedCount()).toBe(before + 1);
    expect(again.body.purchaseOrder.lines[0].receivedQuantity).toBe(2);
    // Two scanners at once: the serial is received exactly once, and a serial-less unit is never given two serials.
    const po2 = await newOrder('R-2B');
    const racing = await Promise.all([
      receive(po2.id, { serials: ['R-2B-L1', 'MON-R2B-1'] }),
      receive(po2.id, { serials: ['R-2B-L1', 'MON-R2B-2'] }),
      post('/api/v1/receiving', { serials: ['R-2B-L1'] }),
    ]);
    const statuses = racing.flatMap((r) => r.body.results.map((x: { status: string }) => x.status));
    expect(statuses.filter((x: string) => x === 'received')).toHaveLength(3);
    expect(statuses.filter((x: string) => x === 'already_received')).toHaveLength(2);
    const view = (await get(`/api/v1/purchase-orders/${po2.id}`)).body;
    expect(view.lines.map((l: { receivedQuantity: number }) => l.receivedQuantity)).toEqual([1, 2]);
    const monitors = await Promise.all(view.lines[1].assetIds.map((id: string) => stateOf(id)));
    expect(monitors.map((m) => m.serialNumber).sort()).toEqual(['MON-R2B-1', 'MON-R2B-2']);
  });

  it('puts a new serial on the only line awaiting serials, then reports unmatched once none is left', async () => {
    const po = await newOrder('R-3');
    const r = await receive(po.id, { serials: ['MON-R3-A', 'MON-R3-B', 'MON-R3-C'] });
    expect(r.status).toBe(200);
    const [a, b, c] = r.body.results;
    expect(a).toMatchObject({ status: 'received', lineNumber: 2, purchaseOrderId: po.id });
    expect(b).toMatchObject({ status: 'received', lineNumber: 2 });
    expect(a.assetId).not.toBe(b.assetId);
    expect(po.lines[1].assetIds.sort()).toEqual([a.assetId, b.assetId].sort());
    expect(await stateOf(a.assetId)).toMatchObject({ lifecycleState: 'received', serialNumber: 'MON-R3-A' });
    expect(c).toEqual({
      serial: 'MON-R3-C',
      status: 'unmatched',
      purchaseOrderId: po.id,
      reason: 'no ordered unit of this order awaits a serial',
    });
    expect(r.body.purchaseOrder).toMatchObject({ status: 'partially_received', receivedQuantity: 2 });
    const done = await receive(po.id, { serials: ['R-3-L1', 'R-3-L2'] });
    expect(done.body.purchaseOrder).toMatchObject({ status: 'received', receivedQuantity: 4, quantity: 4 });
    expect(
      done.body.purchaseOrder.lines.map((l: { receivedQuantity: number }) => l.receivedQuantity),
    ).toEqual([2, 2]);
    const listed = await get('/api/v1/purchase-orders?status=received');
    expect(listed.body.items.map((o: { id: string }) => o.id)).toContain(po.id);
  });

  it('reports ambiguous when several lines await serials, and receives on the line named', async () => {
    const r = await post('/api/v1/purchase-orders', {
      vendor: 'SHI',
      poNumber: 'R-4',
      lines: [
        { lineNumber: 1, model: 'iPhone 16', deviceType: 'phone', quantity: 1 },
        { lineNumber: 2, model: 'iPad Air', deviceType: 'tablet', quantity: 1 },
      ],
    });
    const po = r.body;
    const amb = await receive(po.id, { serials: ['PHONE-R4'] });
    expect(amb.body.results).toEqual([
      {
        serial: 'PHONE-R4',
        status: 'ambiguous',
        purchaseOrderId: po.id,
        reason: 'lines 1, 2 have units awaiting a serial; say which with lineNumber',
      },
    ]);
    expect(amb.body.purchaseOrder.status).toBe('open');
    const ok = await receive(po.id, { serials: ['PHONE-R4'], lineNumber: 1 });
    expect(ok.body.results[0]).toMatchObject({
      status: 'received',
      lineNumber: 1,
      assetId: po.lines[0].assetIds[0],
    });
    // Line 1 is now full; only line 2 awaits a serial, so no lineNumber is needed.
    const tablet = await receive(po.id, { serials: ['TABLET-R4'] });
    expect(tablet.body.results[0]).toMatchObject({ status: 'received', lineNumber: 2 });
    const full = await receive(po.id, { serials: ['MORE-R4'], lineNumber: 1 });
    expect(full.body.results[0]).toMatchObject({
      status: 'unmatched',
      reason: 'line 1 has no ordered unit awaiting a serial',
    });
    const noLine = await receive(po.id, { serials: ['X'], lineNumber: 9 });
    expect(noLine.status).toBe(400);
    expect(noLine.body.error.details[0].path).toBe('body.lineNumber');
  });

  it('reports a serial recorded on an asset that is not on the order as unmatched, changing nothing', async () => {
    const po = await newOrder('R-5');
    const loose = await post('/api/v1/assets', { kind: 'device', serialNumber: 'LOOSE-R5' });
    const r = await receive(po.id, { serials: ['loose-r5'] });
    expect(r.body.results).toEqual([
      {
        serial: 'LOOSE-R5',
        status: 'unmatched',
        purchaseOrderId: po.id,
        assetId: loose.body.id,
        reason: 'the serial is recorded on an asset that is not on this order',
      },
    ]);
    expect(await stateOf(loose.body.id)).toMatchObject({ lifecycleState: 'in_stock' });
    const view = await get(`/api/v1/purchase-orders/${po.id}`);
    expect(view.body).toMatchObject({ status: 'open', receivedQuantity: 0 });
  });

  it('validates the scan body', async () => {
    const po = await newOrder('R-6');
    const empty = await receive(po.id, { serials: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toBe('body.serials');
    const blank = await receive(po.id, { serials: ['  '] });
    expect(blank.status).toBe(400);
    expect(blank.body.error.details[0].path).toMatch(/^body\.serials(\.0|\[0\])$/);
    const extra = await receive(po.id, { serials: ['A'], po: 'x' });
    expect(extra.body.error.details).toEqual([{ path: 'body.po', reason: 'unknown field' }]);
    const tooMany = await post('/api/v1/receiving', {
      serials: Array.from({ length: 1001 }, (_, i) => `S${i}`),
    });
    expect(tooMany.status).toBe(400);
    expect((await receive('no-such-order', { serials: ['A'] })).status).toBe(404);
  });

  it("isolates tenants: another tenant can neither see nor receive the order's units", async () => {
    const po = await newOrder('R-ISO');
    const tok = other.tokens.owner;
    expect((await get(`/api/v1/purchase-orders/${po.id}`, tok)).status).toBe(404);
    expect((await receive(po.id, { serials: ['R-ISO-L1'] }, tok)).status).toBe(404);
    const dock = await post('/api/v1/receiving', { serials: ['R-ISO-L1'] }, tok);
    expect(dock.body.results[0].status).toBe('unmatched');
    const list = await get('/api/v1/purchase-orders?limit=500', tok);
    expect(list.body.items.find((o: { id: string }) => o.id === po.id)).toBeUndefined();
    for (const id of [...po.lines[0].assetIds, ...po.lines[1].assetIds])
      expect(await stateOf(id)).toMatchObject({ lifecycleState: 'ordered' });
  });

  it('receives at the dock without knowing the order', async () => {
    const dock = await seedTenant(s.steward, `dock-${dialect}`);
    const op = dock.tokens.operator;
    const po1 = await newOrder('D-1', op);
    const po2 = await newOrder('D-2', op);
    // Known serials find their order, across orders, in one scan.
    const known = await post('/api/v1/receiving', { serials: ['d-1-l1', 'D-2-L2', 'D-1-L1', 'NOBODY'] }, op);
    expect(known.status).toBe(200);
    expect(known.body.results).toEqual([
      {
        serial: 'D-1-L1',
        status: 'received',
        assetId: expect.any(String),
        purchaseOrderId: po1.id,
        lineNumber: 1,
      },
      {
        serial: 'D-2-L2',
        status: 'received',
        assetId: expect.any(String),
        purchaseOrderId: po2.id,
        lineNumber: 1,
      },
      {
        serial: 'D-1-L1',
        status: 'already_received',
        assetId: known.body.results[0].assetId,
        purchaseOrderId: po1.id,
        lineNumber: 1,
        reason: 'scanned more than once in this request',
      },
      // Two orders have monitors awaiting serials: an unknown serial cannot be placed.
      {
        serial: 'NOBODY',
        status: 'ambiguous',
        reason: expect.stringContaining('2 order lines await serials'),
      },
    ]);
    for (const po of [po1, po2]) {
      const view = await get(`/api/v1/purchase-orders/${po.id}`, op);
      expect(view.body).toMatchObject({ status: 'partially_received', receivedQuantity: 1 });
    }
    // Once only one line in the tenant awaits serials, a new serial goes there.
    await post(`/api/v1/purchase-orders/${po2.id}/receive`, { serials: ['D2-MON-1', 'D2-MON-2'] }, op);
    const fresh = await post('/api/v1/receiving', { serials: ['D1-MON-1'] }, op);
    expect(fresh.body.results[0]).toMatchObject({
      status: 'received',
      purchaseOrderId: po1.id,
      lineNumber: 2,
    });
    expect(po1.lines[1].assetIds).toContain(fresh.body.results[0].assetId);
    const again = await post('/api/v1/receiving', { serials: ['D1-MON-1'] }, op);
    expect(again.body.results[0]).toMatchObject({ status: 'already_received', purchaseOrderId: po1.id });
  });
});
