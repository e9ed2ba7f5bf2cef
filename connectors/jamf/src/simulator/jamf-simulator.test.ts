import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedFleet } from '@steward/sdk/simulator';
import { simulator, startJamfSimulator, type JamfSimulator } from './index.js';

let sim: JamfSimulator;
let token: string;

beforeAll(async () => {
  sim = await startJamfSimulator({ fleet: simulatedFleet({ devices: 50, seed: 9 }) });
  token = await clientToken('/api/oauth/token');
});
afterAll(async () => sim?.server.close());

async function clientToken(path: string): Promise<string> {
  const res = await post(path, {
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: sim.credentials.clientId,
      client_secret: sim.credentials.clientSecret,
    }),
  });
  expect(res.status).toBe(200);
  const body = res.body as { access_token: string; token_type: string; expires_in: number; scope: string };
  expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 599, scope: 'api-role:2' });
  return body.access_token;
}

async function call(path: string, init: RequestInit = {}, bearer: string | null = token) {
  const headers = new Headers(init.headers);
  if (bearer) headers.set('authorization', `Bearer ${bearer}`);
  const res = await fetch(`${sim.server.url}${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}
const get = (path: string) => call(path);
const post = (path: string, init: RequestInit) => call(path, { method: 'POST', ...init }, null);
type Page = { totalCount: number; results: Record<string, unknown>[] };

describe('Jamf Pro simulator', () => {
  it('issues client tokens on both token paths, and refuses a wrong secret OAuth-style', async () => {
    expect(await clientToken('/api/v1/oauth/token')).toMatch(/^jamf-/);
    const wrong = await post('/api/oauth/token', {
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' }),
    });
    expect(wrong).toEqual({
      status: 401,
      body: { error: 'invalid_client', error_description: 'Client authentication failed' },
    });
  });

  it('runs the user token flow: Basic for a token, keep-alive for a new one, invalidate to end it', async () => {
    const basic = Buffer.from(`${sim.credentials.username}:${sim.credentials.password}`).toString('base64');
    const issued = await post('/api/v1/auth/token', { headers: { authorization: `Basic ${basic}` } });
    const first = issued.body as { token: string; expires: string };
    expect(Date.parse(first.expires)).toBeGreaterThan(Date.now());
    const renewed = await call('/api/v1/auth/keep-alive', { method: 'POST' }, first.token);
    const second = (renewed.body as { token: string }).token;
    expect(second).not.toBe(first.token);
    expect((await call('/api/v1/jamf-pro-version', {}, first.token)).status).toBe(401);
    expect((await call('/api/v1/jamf-pro-version', {}, second)).body).toEqual({
      version: expect.any(String),
    });
    expect((await call('/api/v1/auth/invalidate-token', { method: 'POST' }, second)).status).toBe(204);
    expect((await call('/api/v1/jamf-pro-version', {}, second)).status).toBe(401);
  });

  it('answers a missing or expired token with the INVALID_TOKEN envelope', async () => {
    expect(await call('/api/v1/computers-inventory', {}, null)).toEqual({
      status: 401,
      body: {
        httpStatus: 401,
        errors: [{ code: 'INVALID_TOKEN', description: 'Unauthorized', id: '0', field: null }],
      },
    });
  });

  it('pages computers zero-based with requested sections only, the others null', async () => {
    const total = sim.state.computers.size;
    const page = (
      await get('/api/v1/computers-inventory?section=HARDWARE&section=GENERAL&page=1&page-size=4&sort=id:asc')
    ).body as Page;
    expect(page.totalCount).toBe(total);
    expect(page.results.map((r) => r.id)).toEqual(['5', '6', '7', '8']);
    const record = page.results[0]!;
    expect(record.hardware).toMatchObject({ make: 'Apple', serialNumber: expect.any(String) });
    expect(record.general).toMatchObject({
      managementId: expect.any(String),
      lastContactTime: expect.any(String),
    });
    expect(record.purchasing).toBeNull();
    expect(record.applications).toBeNull();
    expect(Object.keys(record)).toHaveLength(26);

    const comma = (await get('/api/v1/computers-inventory?section=GENERAL,APPLICATIONS&page-size=1'))
      .body as Page;
    expect(comma.results[0]!.applications).toEqual(
      expect.arrayContaining([expect.objectContaining({ bundleId: 'com.apple.Safari' })]),
    );
    const beyond = (await get(`/api/v1/computers-inventory?page=${total}&page-size=4`)).body as Page;
    expect(beyond).toEqual({ totalCount: total, results: [] });
  });

  it('sorts by name by default and by any supported field, and refuses an unknown sort or section', async () => {
    const names = ((await get('/api/v1/computers-inventory?page-size=2000')).body as Page).results.map(
      (r) => (r.general as { name: string }).name,
    );
    expect(names).toEqual([...names].sort());
    const desc = ((await get('/api/v1/computers-inventory?page-size=3&sort=id:desc')).body as Page).results;
    expect(desc.map((r) => r.id)).toEqual([...sim.state.computerIds].reverse().slice(0, 3));
    expect(await get('/api/v1/computers-inventory?sort=color:asc')).toMatchObject({
      status: 400,
      body: { httpStatus: 400, errors: [{ code: 'INVALID_FIELD', field: 'sort' }] },
    });
    expect(await get('/api/v1/computers-inventory?section=TOASTER')).toMatchObject({
      status: 400,
      body: {
        errors: [{ code: 'INVALID_FIELD', field: 'section', description: 'Invalid section: TOASTER' }],
      },
    });
  });

  it('filters by serial number and serves the same records on v1 to v4, and 404 on v5', async () => {
    const entry = sim.state.computers.get('3')!;
    for (const version of ['v1', 'v2', 'v3', 'v4']) {
      const found = (
        await get(
          `/api/${version}/computers-inventory?filter=hardware.serialNumber=="${entry.device.serialNumber}"`,
        )
      ).body as Page;
      expect(found, version).toMatchObject({ totalCount: 1, results: [{ id: '3' }] });
      const detail = (await get(`/api/${version}/computers-inventory-detail/3`)).body as Record<
        string,
        unknown
      >;
      expect(detail.purchasing, version).toMatchObject({ poNumber: entry.device.purchase.poNumber });
      expect(detail.extensionAttributes, version).toHaveLength(2);
    }
    expect((await get('/api/v5/computers-inventory')).status).toBe(404);
    expect((await get('/api/v1/computers-inventory?filter=general.color=="red"')).status).toBe(400);
    expect(await get('/api/v1/computers-inventory-detail/4242')).toEqual({
      status: 404,
      body: {
        httpStatus: 404,
        errors: [
          {
            code: 'INVALID_ID',
            description: 'Computer with id 4242 does not exist',
            id: '4242',
            field: 'id',
          },
        ],
      },
    });
  });

  it('validates updates like Jamf: unknown fields and bad dates are 400 naming the field', async () => {
    const patch = (body: unknown) =>
      call('/api/v1/computers-inventory-detail/2', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(await patch({ purchasing: { poDate: '01/02/2025' } })).toMatchObject({
      status: 400,
      body: { errors: [{ code: 'INVALID_FIELD', field: 'purchasing.poDate' }] },
    });
    expect(await patch({ toaster: true })).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'body' }] },
    });
    expect(await patch({ extensionAttributes: [{ definitionId: '2', values: ['A', 'B'] }] })).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'extensionAttributes[0].values' }] },
    });
    const ok = await patch({ general: { assetTag: 'NEW-TAG' }, purchasing: { vendor: 'SHI' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      id: '2',
      general: { assetTag: 'NEW-TAG' },
      purchasing: { vendor: 'SHI' },
    });
  });

  it('queues MDM commands for known management ids only, and a computer lock needs a PIN', async () => {
    const entry = sim.state.computers.get('1')!;
    const send = (body: unknown) =>
      call('/api/v2/mdm/commands', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(
      await send({
        clientData: [{ managementId: 'nope' }],
        commandData: { commandType: 'DEVICE_LOCK', pin: '123456' },
      }),
    ).toMatchObject({ status: 400, body: { errors: [{ field: 'clientData[0].managementId' }] } });
    expect(
      await send({
        clientData: [{ managementId: entry.managementId }],
        commandData: { commandType: 'DEVICE_LOCK' },
      }),
    ).toMatchObject({ status: 400, body: { errors: [{ field: 'commandData.pin' }] } });
    const created = await send({
      clientData: [{ managementId: entry.managementId }],
      commandData: { commandType: 'RESTART_DEVICE' },
    });
    expect(created.status).toBe(201);
    const [made] = created.body as { id: string; href: string }[];
    expect(made!.href).toBe(`${sim.server.url}/api/v2/mdm/commands/${made!.id}`);
    const listed = (await get(`/api/v2/mdm/commands?filter=uuid=="${made!.id}"`)).body as Page;
    expect(listed.results).toEqual([
      expect.objectContaining({ commandType: 'RESTART_DEVICE', uuid: made!.id }),
    ]);
  });

  it('serves mobile devices as a list and as the paged inventory detail', async () => {
    const total = sim.state.mobileDevices.size;
    const list = (await get('/api/v2/mobile-devices?page-size=2')).body as Page;
    expect(list.totalCount).toBe(total);
    expect(list.results[0]).toMatchObject({ id: '1', type: 'ios', managementId: expect.any(String) });
    const detail = (
      await get('/api/v2/mobile-devices/detail?section=GENERAL&section=NETWORK&sort=mobileDeviceId:asc')
    ).body as Page;
    expect(detail.results.map((r) => r.mobileDeviceId)).toEqual(sim.state.mobileIds);
    expect(detail.results[0]).toMatchObject({
      deviceType: 'iOS',
      general: { osVersion: expect.any(String) },
      hardware: null,
    });
    const serial = sim.state.mobileDevices.get('2')!.device.serialNumber;
    const bySerial = (await get(`/api/v2/mobile-devices?filter=serialNumber=="${serial}"`)).body as Page;
    expect(bySerial.results.map((r) => r.id)).toEqual(['2']);
  });

  it('starts from its definition with a config and secrets an instance can use', async () => {
    const started = await simulator.start({ fleet: simulatedFleet({ devices: 5 }) });
    try {
      expect(simulator.connectorId).toBe('jamf-pro');
      expect(started.config).toEqual({ baseUrl: started.server.url, clientId: expect.any(String) });
      expect(Object.keys(started.secrets)).toEqual(['clientSecret']);
      expect(started.server.malformed).toBeInstanceOf(Set);
    } finally {
      await started.server.close();
    }
  });
});
