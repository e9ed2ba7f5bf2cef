import { isStewardError } from '@steward/domain';
import { FaultPlan } from '@steward/sdk/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { calls, connect, startServiceNow } from './e2e.helpers.js';
import type { ServiceNowSimulator } from './simulator/index.js';

let sim: (ServiceNowSimulator & { close(): Promise<void> }) | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

let counter = 0;
const meta = () => ({ idempotencyKey: `dispatch-${++counter}` });
const numbers = (s: ServiceNowSimulator) => s.state.incidents.rows.map((r) => r.number);

describe('createIncident, end to end', () => {
  it('creates one incident with the mapped fields, config defaults filling the blanks', async () => {
    sim = await startServiceNow();
    const instance = connect(sim, {
      defaults: { assignmentGroup: 'Service Desk', category: 'hardware', callerId: 'steward.bot' },
    });
    const key = meta();
    const result = await instance.executeAction(
      'createIncident',
      {
        shortDescription: '  Laptop C02XYZ reported stolen ',
        description: 'Reported by the owner.',
        urgency: 1,
        impact: 2,
        category: 'security',
        configurationItem: 'C02XYZ',
      },
      key,
    );
    const [record] = sim.state.incidents.rows;
    expect(sim.state.incidents.rows).toHaveLength(1);
    expect(record).toMatchObject({
      short_description: 'Laptop C02XYZ reported stolen',
      description: 'Reported by the owner.',
      urgency: '1',
      impact: '2',
      priority: '2',
      category: 'security',
      assignment_group: 'Service Desk',
      caller_id: 'steward.bot',
      cmdb_ci: 'C02XYZ',
      correlation_id: key.idempotencyKey,
    });
    expect(result).toEqual({
      status: 'succeeded',
      externalId: 'INC0010001',
      message: 'Created ServiceNow incident INC0010001.',
      data: {
        sysId: record?.sys_id,
        number: 'INC0010001',
        state: '1',
        url: `${sim.server.url}/nav_to.do?uri=incident.do%3Fsys_id%3D${record?.sys_id}`,
      },
    });
    // Looked for an earlier attempt first, then created.
    expect(calls(sim)).toEqual(['GET 200', 'POST 201']);
    expect(sim.server.requests[0]?.query).toContain(
      `sysparm_query=correlation_id%3D${key.idempotencyKey}%5EORDERBYsys_created_on`,
    );
  });

  it("leaves fields blank that neither the input nor the defaults fill, to the instance's defaults", async () => {
    sim = await startServiceNow();
    await connect(sim).executeAction('createIncident', { shortDescription: 'Printer jam' }, meta());
    expect(sim.state.incidents.rows[0]).toMatchObject({
      urgency: '3',
      impact: '3',
      category: 'inquiry',
      caller_id: '',
      assignment_group: '',
    });
  });

  it('refuses bad input naming the fields, before calling ServiceNow', async () => {
    sim = await startServiceNow();
    const error = await connect(sim)
      .executeAction('createIncident', { shortDescription: 'x'.repeat(161), urgency: 4, extra: true }, meta())
      .catch((e: unknown) => e);
    expect(isStewardError(error) && error.code).toBe('validation_failed');
    const paths = isStewardError(error) ? error.details.map((d) => d.path) : [];
    expect(paths).toEqual(expect.arrayContaining(['shortDescription', 'urgency']));
    expect(paths.some((p) => p === '(root)' || p === '')).toBe(true); // the unknown key `extra`
    expect(sim.server.requests).toEqual([]);
  });

  it('returns the same incident for the same idempotency key instead of creating a second', async () => {
    sim = await startServiceNow();
    const instance = connect(sim);
    const key = meta();
    const first = await instance.executeAction('createIncident', { shortDescription: 'VPN down' }, key);
    const second = await instance.executeAction('createIncident', { shortDescription: 'VPN down' }, key);
    expect(numbers(sim)).toEqual(['INC0010001']);
    expect(second.externalId).toBe(first.externalId);
    expect(second.data).toEqual(first.data);
    expect(second.message).toMatch(/already existed/);
    expect(calls(sim)).toEqual(['GET 200', 'POST 201', 'GET 200']);
    // Another key is another incident.
    await instance.executeAction('createIncident', { shortDescription: 'VPN down' }, meta());
    expect(numbers(sim)).toEqual(['INC0010001', 'INC0010002']);
  });

  it('creates exactly one incident when the connection drops after the create', async () => {
    sim = await startServiceNow();
    sim.state.loseAnswers.push('drop_connection');
    const result = await connect(sim).executeAction(
      'createIncident',
      { shortDescription: 'Disk full' },
      meta(),
    );
    expect(numbers(sim)).toEqual(['INC0010001']);
    expect(sim.state.lostAnswers).toEqual(['INC0010001']);
    expect(result).toMatchObject({ status: 'succeeded', externalId: 'INC0010001' });
    // The POST is not sent again: the look-up found what the lost answer had created.
    expect(calls(sim)).toEqual(['GET 200', 'POST 201', 'GET 200']);
  });

  it('creates exactly one incident when a 502 hides a create that went through', async () => {
    sim = await startServiceNow();
    sim.state.loseAnswers.push('server_error');
    const result = await connect(sim).executeAction(
      'createIncident',
      { shortDescription: 'Disk full' },
      meta(),
    );
    expect(numbers(sim)).toEqual(['INC0010001']);
    expect(result.externalId).toBe('INC0010001');
    expect(calls(sim)).toEqual(['GET 200', 'POST 502', 'GET 200']);
  });

  it('posts again after a 5xx that created nothing, and a dropped connection that created nothing', async () => {
    // Each fault counts matching requests from the start: requests 2 and 4 are the first two POSTs.
    const faults = new FaultPlan().inject(
      { type: 'server_error', times: 1, status: 503, after: 1 },
      { type: 'drop_connection', times: 1, after: 3 },
    );
    sim = await startServiceNow({ faults });
    const result = await connect(sim).executeAction('createIncident', { shortDescription: 'Flaky' }, meta());
    expect(numbers(sim)).toEqual(['INC0010001']);
    expect(result.externalId).toBe('INC0010001');
    expect(calls(sim)).toEqual(['GET 200', 'POST 503', 'GET 200', 'POST 0', 'GET 200', 'POST 201']);
  });

  it('waits out a 429 with Retry-After and posts once more', async () => {
    const faults = new FaultPlan().inject({ type: 'rate_limit', times: 1, retryAfterSeconds: 1, after: 1 });
    sim = await startServiceNow({ faults });
    const started = Date.now();
    await connect(sim).executeAction('createIncident', { shortDescription: 'Throttled' }, meta());
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(numbers(sim)).toEqual(['INC0010001']);
    expect(calls(sim)).toEqual(['GET 200', 'POST 429', 'POST 201']);
  });

  it('gives up after the retries with the vendor status, looking before every POST', async () => {
    // Requests 2, 4 and 6 are the POSTs: each answers 500, each look-up in between finds nothing.
    const faults = new FaultPlan().inject(
      ...[1, 3, 5].map((after) => ({ type: 'server_error' as const, times: 1, status: 500, after })),
    );
    sim = await startServiceNow({ faults });
    const error = await connect(sim, { http: { maxRetries: 2 } })
      .executeAction('createIncident', { shortDescription: 'Down' }, meta())
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^POST \S+\/api\/now\/table\/incident answered 500 .*Internal Server Error/,
    );
    expect(numbers(sim)).toEqual([]);
    expect(calls(sim)).toEqual(['GET 200', 'POST 500', 'GET 200', 'POST 500', 'GET 200', 'POST 500']);
  });

  it('refuses to create when the instance ignores the correlation_id filter, rather than risk a duplicate', async () => {
    sim = await startServiceNow();
    sim.state.incidents.insert({ short_description: 'Someone else', correlation_id: 'other' });
    sim.state.unqueryable.add('correlation_id');
    await expect(
      connect(sim).executeAction('createIncident', { shortDescription: 'Mine' }, meta()),
    ).rejects.toThrow(/did not filter incidents by correlation_id \(it answered INC0010001\)/);
    expect(numbers(sim)).toEqual(['INC0010001']);
    expect(calls(sim)).toEqual(['GET 200']);
  });

  it("reports ServiceNow's refusal in its own words: 403 ACL on insert", async () => {
    sim = await startServiceNow({ access: 'read_only' });
    await expect(
      connect(sim).executeAction('createIncident', { shortDescription: 'No rights' }, meta()),
    ).rejects.toThrow(
      'Could not create the ServiceNow incident: ServiceNow answered 403: Operation Failed (ACL Exception Insert Failed due to security constraints)',
    );
    expect(calls(sim)).toEqual(['GET 200', 'POST 403']);
  });
});
