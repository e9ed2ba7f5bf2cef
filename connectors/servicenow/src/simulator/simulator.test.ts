import { parseLinkHeader } from '@steward/sdk';
import { FaultPlan, simulatedFleet } from '@steward/sdk/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { simulator, startServiceNowSimulator, type ServiceNowSimulator } from './index.js';

let sim: ServiceNowSimulator | undefined;
afterEach(async () => {
  await sim?.server.close();
  sim = undefined;
});

const PATH = '/api/now/table/incident';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function call(
  s: ServiceNowSimulator,
  path: string,
  init: { method?: string; body?: string; auth?: string } = {},
) {
  return fetch(`${s.server.url}${path}`, {
    method: init.method ?? 'GET',
    body: init.body,
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      authorization: init.auth ?? basic(s.config.username, s.secrets.password),
    },
  });
}

const post = (s: ServiceNowSimulator, fields: Record<string, unknown>) =>
  call(s, PATH, { method: 'POST', body: JSON.stringify(fields) });

interface Listed {
  result: Array<Record<string, unknown>>;
}

describe('ServiceNow simulator', () => {
  it('refuses missing or wrong Basic credentials with the 401 envelope', async () => {
    sim = await startServiceNowSimulator({ password: 'right-one' });
    const expected = {
      error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' },
      status: 'failure',
    };
    for (const auth of ['', basic(sim.config.username, 'wrong'), basic('someone.else', 'right-one')]) {
      const res = await call(sim, PATH, { auth });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(expected);
    }
    expect((await call(sim, PATH)).status).toBe(200);
  });

  it('creates incidents INC0010001, INC0010002… with 201, Location, defaults, and ignores unknown fields', async () => {
    sim = await startServiceNowSimulator();
    const res = await post(sim, {
      short_description: 'Laptop stolen',
      urgency: 1,
      impact: '2',
      caller_id: 'ada.adams',
      no_such_field: 'ignored',
    });
    expect(res.status).toBe(201);
    const { result } = (await res.json()) as { result: Record<string, unknown> };
    expect(result).toMatchObject({
      number: 'INC0010001',
      state: '1',
      urgency: '1',
      impact: '2',
      priority: '2',
    });
    expect(result.sys_id).toMatch(/^[0-9a-f]{32}$/);
    expect(result.sys_created_on).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(result.caller_id).toEqual({
      link: `${sim.server.url}/api/now/table/sys_user/ada.adams`,
      value: 'ada.adams',
    });
    expect(result).not.toHaveProperty('no_such_field');
    expect(res.headers.get('location')).toBe(`${sim.server.url}${PATH}/${String(result.sys_id)}`);

    const again = await (await call(sim, new URL(res.headers.get('location') ?? '').pathname)).json();
    expect(again).toEqual({ result });
    const second = (await (await post(sim, { short_description: 'Second' })).json()) as Listed & {
      result: { number: string; priority: string; category: string };
    };
    expect(second.result).toMatchObject({ number: 'INC0010002', priority: '5', category: 'inquiry' });
  });

  it('answers 404 "No Record found" for an unknown sys_id and 400 for bad bodies', async () => {
    sim = await startServiceNowSimulator();
    const missing = await call(sim, `${PATH}/${'0'.repeat(32)}`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { message: 'No Record found' }, status: 'failure' });

    const bad = [
      [await post(sim, { description: 'no short description' }), 'short_description'],
      [await post(sim, { short_description: 'x', urgency: 4 }), 'urgency must be 1, 2 or 3'],
      [await post(sim, { short_description: 'x', impact: '0' }), 'impact must be 1, 2 or 3'],
      [await call(sim, PATH, { method: 'POST', body: '{not json' }), 'Malformed JSON body'],
    ] as const;
    for (const [res, detail] of bad) {
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { detail: string }; status: string };
      expect(body.status).toBe('failure');
      expect(body.error.detail).toContain(detail);
    }
    expect(sim.state.incidents.rows).toHaveLength(0);
  });

  it('pages with sysparm_limit/offset, Link rel first/prev/next/last and X-Total-Count', async () => {
    sim = await startServiceNowSimulator();
    for (let i = 1; i <= 5; i++) sim.state.incidents.insert({ short_description: `Incident ${i}` });
    const res = await call(sim, `${PATH}?sysparm_limit=2&sysparm_offset=2&sysparm_fields=number`);
    expect(res.headers.get('x-total-count')).toBe('5');
    expect(((await res.json()) as Listed).result).toEqual([
      { number: 'INC0010003' },
      { number: 'INC0010004' },
    ]);
    const links = parseLinkHeader(res.headers.get('link'));
    const offsetOf = (rel: string) =>
      new URL(links.get(rel) ?? 'http://x/').searchParams.get('sysparm_offset');
    expect(['first', 'prev', 'next', 'last'].map(offsetOf)).toEqual(['0', '0', '4', '4']);
    expect(new URL(links.get('next') ?? '').searchParams.get('sysparm_fields')).toBe('number');

    const lastPage = await call(sim, `${PATH}?sysparm_limit=2&sysparm_offset=4`);
    expect(parseLinkHeader(lastPage.headers.get('link')).has('next')).toBe(false);
    expect(((await lastPage.json()) as Listed).result).toHaveLength(1);
  });

  it('filters with field=value, != and ^, orders with ORDERBY/ORDERBYDESC, ignores unknown fields', async () => {
    sim = await startServiceNowSimulator();
    const categories = ['network', 'hardware', 'network', 'software', 'network'];
    categories.forEach((category, i) =>
      sim?.state.incidents.insert({ short_description: `n${i}`, category, urgency: i === 2 ? '1' : '3' }),
    );
    const numbers = async (query: string) => {
      const res = await call(
        sim as ServiceNowSimulator,
        `${PATH}?sysparm_fields=number&sysparm_query=${encodeURIComponent(query)}`,
      );
      return ((await res.json()) as Listed).result.map((r) => r.number);
    };
    expect(await numbers('category=network^ORDERBYDESCnumber')).toEqual([
      'INC0010005',
      'INC0010003',
      'INC0010001',
    ]);
    expect(await numbers('category=network^urgency!=1^ORDERBYnumber')).toEqual(['INC0010001', 'INC0010005']);
    expect(await numbers('category=printer')).toEqual([]);
    expect(await numbers('no_such_field=1^category=software')).toEqual(['INC0010004']);
    const unsupported = await call(sim, `${PATH}?sysparm_query=${encodeURIComponent('categoryLIKEnet')}`);
    expect(unsupported.status).toBe(400);
  });

  it('creates the incident and then loses its answer, by a dropped connection or a 502', async () => {
    sim = await startServiceNowSimulator();
    sim.state.loseAnswers.push('drop_connection', 'server_error');
    const dropped = await post(sim, { short_description: 'dropped' })
      .then((r) => r.text())
      .catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(Error);
    const failed = await post(sim, { short_description: 'gateway' });
    expect(failed.status).toBe(502);
    expect(await failed.json()).toMatchObject({ status: 'failure' });
    expect(sim.state.incidents.rows.map((r) => r.number)).toEqual(['INC0010001', 'INC0010002']);
    expect(sim.state.lostAnswers).toEqual(['INC0010001', 'INC0010002']);
    expect((await post(sim, { short_description: 'fine' })).status).toBe(201);
  });

  it("injects the kit's faults in ServiceNow's envelope: 5xx, 429 with Retry-After, dropped connection", async () => {
    const faults = new FaultPlan().inject(
      { type: 'server_error', times: 1, status: 503 },
      { type: 'rate_limit', times: 1, retryAfterSeconds: 7, after: 1 },
      { type: 'drop_connection', times: 1, after: 2 },
    );
    sim = await startServiceNowSimulator({ faults });
    const first = await call(sim, PATH);
    expect(first.status).toBe(503);
    expect(await first.json()).toMatchObject({
      status: 'failure',
      error: { message: 'Internal Server Error' },
    });
    const second = await call(sim, PATH);
    expect([second.status, second.headers.get('retry-after')]).toEqual([429, '7']);
    await expect(call(sim, PATH)).rejects.toThrow();
    expect((await call(sim, PATH)).status).toBe(200);
    expect(faults.fired).toEqual(['server_error', 'rate_limit', 'drop_connection']);
  });

  it('answers 403 in the envelope when ACLs deny reading or inserting', async () => {
    sim = await startServiceNowSimulator({ access: 'read_only' });
    expect((await call(sim, PATH)).status).toBe(200);
    const insert = await post(sim, { short_description: 'x' });
    expect(insert.status).toBe(403);
    expect(await insert.json()).toMatchObject({
      error: { detail: 'ACL Exception Insert Failed due to security constraints' },
    });
    sim.state.access = 'none';
    expect((await call(sim, PATH)).status).toBe(403);
    expect(sim.state.incidents.rows).toHaveLength(0);
  });

  it('starts as a SimulatorDefinition whose config and secrets reach it', async () => {
    const started = await simulator.start({ fleet: simulatedFleet({ devices: 3 }) });
    try {
      expect(simulator.connectorId).toBe('servicenow');
      expect(started.config).toEqual({ baseUrl: started.server.url, username: 'steward.integration' });
      const res = await fetch(`${started.server.url}${PATH}`, {
        headers: { authorization: basic('steward.integration', started.secrets.password ?? '') },
      });
      expect(res.status).toBe(200);
    } finally {
      await started.server.close();
    }
  });
});
