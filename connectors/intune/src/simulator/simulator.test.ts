import { afterEach, describe, expect, it } from 'vitest';
import { instantiateConnector } from '@steward/sdk';
import { simulatedFleet, type SimulatorServer } from '@steward/sdk/simulator';
import { microsoftIntune } from '../index.js';
import {
  managedDeviceIdOf,
  simulator,
  SIM_TENANT_DOMAIN,
  startIntuneSimulator,
  type IntuneSimulator,
} from './index.js';
import { IntuneThrottle } from './throttle.js';

let sims: Array<{ server: SimulatorServer }> = [];
afterEach(async () => {
  await Promise.all(sims.map((s) => s.server.close()));
  sims = [];
});

async function start(devices: number, extra: Partial<Parameters<typeof startIntuneSimulator>[0]> = {}) {
  const sim = await startIntuneSimulator({ fleet: simulatedFleet({ devices, seed: 3 }), ...extra });
  sims.push(sim);
  return sim;
}

function tokenForm(sim: IntuneSimulator, overrides: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: sim.config.clientId,
    client_secret: sim.secrets.clientSecret,
    scope: 'https://graph.microsoft.com/.default',
    ...overrides,
  });
}

async function token(sim: IntuneSimulator, tenant = sim.config.tenantId, form = tokenForm(sim)) {
  const res = await fetch(`${sim.server.url}/${tenant}/oauth2/v2.0/token`, { method: 'POST', body: form });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function graph(sim: IntuneSimulator, pathAndQuery: string, accessToken: string) {
  const url = pathAndQuery.startsWith('http') ? pathAndQuery : `${sim.server.url}${pathAndQuery}`;
  const res = await fetch(url, { headers: { authorization: `Bearer ${accessToken}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('Intune simulator', () => {
  it('answers Entra ID’s errors for a wrong tenant, client, scope or grant, and accepts the tenant’s domain', async () => {
    const sim = await start(5);
    expect((await token(sim, 'other-tenant')).body).toMatchObject({
      error: 'invalid_request',
      error_codes: [90002],
    });
    expect((await token(sim, undefined, tokenForm(sim, { client_id: 'x' }))).body).toMatchObject({
      error: 'unauthorized_client',
      error_codes: [700016],
    });
    const scope = await token(
      sim,
      undefined,
      tokenForm(sim, { scope: 'DeviceManagementManagedDevices.Read.All' }),
    );
    expect(scope).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    expect((await token(sim, undefined, tokenForm(sim, { grant_type: 'password' }))).body.error).toBe(
      'unsupported_grant_type',
    );
    const secret = await token(sim, undefined, tokenForm(sim, { client_secret: 'nope' }));
    expect(secret).toMatchObject({ status: 401, body: { error: 'invalid_client', error_codes: [7000215] } });
    expect((await token(sim, SIM_TENANT_DOMAIN)).status).toBe(200);
  });

  it('serves a 50,000-device fleet page by page from any skip token, built on demand', async () => {
    const sim = await start(50_000);
    const { body } = await token(sim);
    const accessToken = String(body.access_token);
    expect(sim.state.devices.count).toBeGreaterThan(10_000);
    let url: string | undefined = '/v1.0/deviceManagement/managedDevices?$top=1000&$select=id';
    let read = 0;
    const started = Date.now();
    while (url) {
      const page = await graph(sim, url, accessToken);
      read += (page.body.value as unknown[]).length;
      url = page.body['@odata.nextLink'] as string | undefined;
    }
    expect(read).toBe(sim.state.devices.count);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('pages by key: deleting a device between pages skips nothing else', async () => {
    const sim = await start(40);
    const accessToken = String((await token(sim)).body.access_token);
    const first = await graph(sim, '/v1.0/deviceManagement/managedDevices?$top=3&$select=id', accessToken);
    const seen = (first.body.value as Array<{ id: string }>).map((d) => d.id);
    sim.state.devices.delete(seen[1] ?? '');
    sim.state.devices.delete(sim.state.devices.list()[3]?.id ?? '');
    let url = first.body['@odata.nextLink'] as string | undefined;
    expect(url).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/v1\.0\/deviceManagement\/managedDevices\?\$top=3&\$select=id&\$skiptoken=/,
    );
    while (url) {
      const page = await graph(sim, url, accessToken);
      seen.push(...(page.body.value as Array<{ id: string }>).map((d) => d.id));
      url = page.body['@odata.nextLink'] as string | undefined;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(3)).toEqual(
      sim.state.devices
        .list()
        .slice(2)
        .map((d) => d.id),
    );
  });

  it('fills ethernetMacAddress and physicalMemoryInBytes only for a single device', async () => {
    const sim = await start(40);
    const accessToken = String((await token(sim)).body.access_token);
    const device = sim.state.devices.list().find((d) => d.fleet.ethernetMac);
    if (!device) throw new Error('no device with ethernet');
    const list = await graph(
      sim,
      `/v1.0/deviceManagement/managedDevices?$filter=id eq '${device.id}'`,
      accessToken,
    );
    expect(list.body.value).toMatchObject([
      { id: device.id, ethernetMacAddress: null, physicalMemoryInBytes: null },
    ]);
    const one = await graph(
      sim,
      `/v1.0/deviceManagement/managedDevices/${device.id}?$select=ethernetMacAddress`,
      accessToken,
    );
    expect(one.body).toEqual({
      '@odata.context': expect.stringContaining(
        '#deviceManagement/managedDevices(ethernetMacAddress)/$entity',
      ),
      ethernetMacAddress: (device.fleet.ethernetMac ?? '').replace(/:/g, ''),
    });
  });

  it('breaks the records named in `malformed` (by fleet id too), as the platform’s tests do', async () => {
    const sim = await start(40);
    const accessToken = String((await token(sim)).body.access_token);
    const victim = sim.state.devices.list()[0];
    if (!victim) throw new Error('empty fleet');
    sim.server.malformed.add(victim.fleet.id);
    const page = await graph(sim, '/v1.0/deviceManagement/managedDevices?$top=2', accessToken);
    const [broken, fine] = page.body.value as Array<Record<string, unknown>>;
    expect(broken).toMatchObject({ id: managedDeviceIdOf(victim.fleet), isEncrypted: 'Yes' });
    expect(typeof fine?.isEncrypted).toBe('boolean');
  });

  it('starts through its SimulatorDefinition with a config the connector uses as is', async () => {
    const started = await simulator.start({
      fleet: simulatedFleet({ devices: 10, seed: 3 }),
      tokenLifetimeSeconds: 120,
    });
    sims.push(started);
    const instance = instantiateConnector(microsoftIntune, {
      config: started.config,
      secrets: started.secrets,
    });
    expect(await instance.test()).toMatchObject({ ok: true });
    expect(simulator.connectorId).toBe(microsoftIntune.id);
  });
});

describe('IntuneThrottle', () => {
  it('admits `requests` per sliding window per app, writes separately, and names the wait', () => {
    let now = 0;
    const throttle = new IntuneThrottle(
      { requests: 3, writes: 1, windowMs: 20_000, retryAfter: 'always' },
      () => now,
    );
    expect(throttle.check('a', true)).toBeUndefined();
    expect(throttle.check('a', true)).toEqual({ retryAfterSeconds: 20 });
    now = 5000;
    expect(throttle.check('a', false)).toBeUndefined();
    expect(throttle.check('a', false)).toBeUndefined();
    expect(throttle.check('a', false)).toEqual({ retryAfterSeconds: 15 });
    expect(throttle.check('b', false)).toBeUndefined(); // another app has its own window
    now = 20_000;
    expect(throttle.check('a', true)).toBeUndefined();
    expect(throttle.throttled).toBe(2);
  });

  it('leaves Retry-After out of every other 429 in `alternate` mode and of all in `never`', () => {
    const alternate = new IntuneThrottle(
      { requests: 1, writes: 1, windowMs: 1000, retryAfter: 'alternate' },
      () => 0,
    );
    alternate.check('a', false);
    expect([1, 2, 3, 4].map(() => alternate.check('a', false)?.retryAfterSeconds)).toEqual([
      1,
      undefined,
      1,
      undefined,
    ]);
    const never = new IntuneThrottle(
      { requests: 1, writes: 1, windowMs: 1000, retryAfter: 'never' },
      () => 0,
    );
    never.check('a', false);
    expect(never.check('a', false)).toEqual({ retryAfterSeconds: undefined });
  });
});
