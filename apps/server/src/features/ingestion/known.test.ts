import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';

describeEachDialect('ingestion: edits in Steward are observations too', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;
  const post = (path: string, body: unknown, token = t.tokens.operator) =>
    api(s.url, 'POST', path, { token, body });
  const get = (path: string) => api(s.url, 'GET', path, { token: t.tokens.viewer });
  const patch = (path: string, body: unknown) =>
    api(s.url, 'PATCH', path, { token: t.tokens.operator, body });
  const now = () => new Date().toISOString();

  beforeAll(async () => {
    s = await startTestServer(dialect);
    t = await seedTenant(s.steward, 'acme');
    await post('/api/v1/sources', { key: 'jamf', name: 'Jamf', type: 'mdm' }, t.tokens.admin);
    await post('/api/v1/sources', { key: 'okta', name: 'Okta', type: 'directory' }, t.tokens.admin);
    await post('/api/v1/sources', { key: 'falcon', name: 'Falcon', type: 'edr' }, t.tokens.admin);
  });
  afterAll(async () => s.stop());

  it('joins an MDM record to a device created through the API instead of making a second one', async () => {
    const created = await post('/api/v1/assets', {
      kind: 'device',
      name: 'Finance laptop 7',
      serialNumber: 'c02api0007',
      assetTag: 'FIN-7',
      model: 'MacBook (typed)',
      purchasePrice: 1499,
      lifecycleState: 'in_stock',
    });
    expect(created.status).toBe(201);
    const twin = (await get(`/api/v1/assets/${created.body.id}/twin`)).body;
    expect(twin.records.map((r: { source: { key: string } }) => r.source.key)).toEqual(['manual']);
    expect(twin.provenance.purchasePrice).toMatchObject({ sourceType: 'manual', value: 1499 });

    const r = await post('/api/v1/observations', [
      {
        source: 'jamf',
        sourceKey: '9001',
        kind: 'device',
        observedAt: now(),
        identifiers: { serialNumber: 'C02API0007' },
        attributes: { model: 'MacBook Pro 14', osVersion: '14.5', name: 'jamf-name' },
      },
    ]);
    expect(r.body.items[0]).toMatchObject({ status: 'linked', entityId: created.body.id });
    const after = (await get(`/api/v1/assets/${created.body.id}`)).body;
    // The MDM knows the hardware and OS better; the name and the money stay what the admin gave.
    expect(after).toMatchObject({
      model: 'MacBook Pro 14',
      osVersion: '14.5',
      name: 'Finance laptop 7',
      purchasePrice: 1499,
      assetTag: 'FIN-7',
    });
    expect(
      (
        await post(
          '/api/v1/assets/search',
          { filters: [{ field: 'serialNumber', op: 'eq', value: 'C02API0007' }], count: true },
          t.tokens.viewer,
        )
      ).body.total,
    ).toBe(1);
  });

  it('keeps an admin’s edit where a person knows better, and the EDR’s where the tools do', async () => {
    const r = await post('/api/v1/observations', [
      {
        source: 'falcon',
        sourceKey: 'cs-1',
        kind: 'device',
        observedAt: now(),
        identifiers: { serialNumber: 'SN-EDIT-1' },
        attributes: { diskEncrypted: true, hostname: 'edit-host' },
      },
    ]);
    const id = r.body.items[0].entityId;
    const version = (await get(`/api/v1/assets/${id}`)).body.version;
    const edited = await patch(`/api/v1/assets/${id}`, {
      name: 'Renamed by hand',
      diskEncrypted: false,
      version,
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: 'Renamed by hand', diskEncrypted: true });
    const twin = (await get(`/api/v1/assets/${id}/twin`)).body;
    expect(twin.provenance.name).toMatchObject({ sourceType: 'manual' });
    expect(
      twin.conflicts.diskEncrypted.map((c: { sourceType: string; value: boolean }) => [
        c.sourceType,
        c.value,
      ]),
    ).toEqual([
      ['edr', true],
      ['manual', false],
    ]);
    // A later observation of the EDR does not undo the admin's name.
    await post('/api/v1/observations', [
      {
        source: 'falcon',
        sourceKey: 'cs-1',
        kind: 'device',
        observedAt: now(),
        identifiers: { serialNumber: 'SN-EDIT-1' },
        attributes: { diskEncrypted: true, hostname: 'edit-host-2', name: 'falcon-name' },
      },
    ]);
    expect((await get(`/api/v1/assets/${id}`)).body).toMatchObject({
      name: 'Renamed by hand',
      hostname: 'edit-host-2',
    });
  });

  it('records a reseller order as the purchasing source, which an MDM record later joins', async () => {
    const po = await post('/api/v1/purchase-orders', {
      vendor: 'CDW',
      poNumber: 'PO-77',
      orderedAt: '2026-02-03',
      lines: [
        {
          lineNumber: 1,
          model: 'Latitude 7440',
          deviceType: 'laptop',
          quantity: 1,
          unitPrice: 1800,
          serials: ['DL7440X1'],
        },
      ],
    });
    expect(po.status, JSON.stringify(po.body)).toBe(201);
    const [ordered] = (
      await post(
        '/api/v1/assets/search',
        { filters: [{ field: 'serialNumber', op: 'eq', value: 'DL7440X1' }] },
        t.tokens.viewer,
      )
    ).body.items;
    expect(ordered.lifecycleState).toBe('ordered');
    const r = await post('/api/v1/observations', [
      {
        source: 'jamf',
        sourceKey: '9100',
        kind: 'device',
        observedAt: now(),
        identifiers: { serialNumber: 'dl7440x1' },
        attributes: { model: 'Latitude 7440 (i7)', purchasePrice: 1, osName: 'Windows' },
      },
    ]);
    expect(r.body.items[0]).toMatchObject({ status: 'linked', entityId: ordered.id });
    const twin = (await get(`/api/v1/assets/${ordered.id}/twin`)).body;
    expect(twin.records.map((x: { source: { key: string; type: string } }) => x.source.type).sort()).toEqual([
      'mdm',
      'purchasing',
    ]);
    // The reseller's price wins over the MDM's; the MDM's model over the order line's.
    expect(twin.provenance.purchasePrice).toMatchObject({ value: 1800, sourceType: 'purchasing' });
    expect(twin.provenance.model).toMatchObject({ value: 'Latitude 7440 (i7)', sourceType: 'mdm' });
  });

  it('joins a directory record to a person added by hand, by e-mail', async () => {
    const p = await post('/api/v1/people', { name: 'Mo Salah', email: 'Mo@Acme.example.com' });
    expect(p.status).toBe(201);
    const r = await post('/api/v1/observations', [
      {
        source: 'okta',
        sourceKey: '00u9',
        kind: 'person',
        observedAt: now(),
        identifiers: { email: 'mo@acme.example.com' },
        attributes: { department: 'Finance', title: 'Controller' },
      },
    ]);
    expect(r.body.items[0]).toMatchObject({ status: 'linked', entityId: p.body.id });
    expect((await get(`/api/v1/people/${p.body.id}`)).body).toMatchObject({
      name: 'Mo Salah',
      department: 'Finance',
      title: 'Controller',
    });
    expect((await get('/api/v1/people?q=mo')).body.items).toHaveLength(1);
  });
});
