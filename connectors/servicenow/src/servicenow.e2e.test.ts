import { isStewardError } from '@steward/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { calls, connect, errorText, startServiceNow } from './e2e.helpers.js';
import type { ServiceNowSimulator } from './simulator/index.js';

let sim: (ServiceNowSimulator & { close(): Promise<void> }) | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const PASSWORD = 'Pa55-correct-horse-battery';
const encodedWith = (s: ServiceNowSimulator, password: string) =>
  Buffer.from(`${s.config.username}:${password}`).toString('base64');

const create = (s: ServiceNowSimulator, password?: string, http?: Record<string, number>) =>
  connect(s, { password, http })
    .executeAction('createIncident', { shortDescription: 'Auth check' }, { idempotencyKey: 'k-1' })
    .catch((e: unknown) => e);

describe('ServiceNow connection and credentials', () => {
  it('test(): ok against the instance with one cheap authenticated read', async () => {
    sim = await startServiceNow({ password: PASSWORD });
    const result = await connect(sim).test();
    expect(result).toEqual({
      ok: true,
      message: `Connected to ServiceNow at ${sim.server.url} as steward.integration.`,
    });
    expect(sim.server.requests.map((r) => `${r.method} ${r.path}${r.query}`)).toEqual([
      'GET /api/now/table/incident?sysparm_limit=1&sysparm_fields=sys_id',
    ]);
  });

  it("test(): not ok with ServiceNow's words for a wrong password (401) or missing rights (403)", async () => {
    sim = await startServiceNow({ password: PASSWORD });
    const wrong = await connect(sim, { password: 'not-the-password' }).test();
    expect(wrong).toEqual({
      ok: false,
      message: 'ServiceNow answered 401: User Not Authenticated (Required to provide Auth information)',
    });
    sim.state.access = 'none';
    const denied = await connect(sim).test();
    expect(denied.ok).toBe(false);
    expect(denied.message).toBe(
      'ServiceNow answered 403: Operation Failed (Insufficient rights to query records of table incident)',
    );
    // A 401 for Basic auth is final: no re-authentication loop.
    expect(calls(sim)).toEqual(['GET 401', 'GET 403']);
  });

  it('fails createIncident on a 401 with a clear error, before any POST', async () => {
    sim = await startServiceNow({ password: PASSWORD });
    const error = await create(sim, 'not-the-password');
    expect(isStewardError(error) && error.code).toBe('upstream_failed');
    expect((error as Error).message).toBe(
      'Could not create the ServiceNow incident: ServiceNow answered 401: User Not Authenticated (Required to provide Auth information)',
    );
    expect(errorText(error)).not.toContain('not-the-password');
    expect(errorText(error)).not.toContain(encodedWith(sim, 'not-the-password'));
    expect(sim.state.incidents.rows).toEqual([]);
    expect(calls(sim)).toEqual(['GET 401']);
  });

  it('never lets the password or the Basic header out of an error, whatever failed', async () => {
    sim = await startServiceNow({ password: PASSWORD });
    const failures: unknown[] = [];
    // Retries exhausted on 5xx and on dropped connections, an ACL refusal, a failed connection test.
    sim.server.faults.inject({ type: 'server_error', times: 4, status: 503 });
    failures.push(await create(sim, PASSWORD, { maxRetries: 1 }));
    sim.server.faults.clear();
    sim.server.faults.inject({ type: 'drop_connection', times: 4 });
    failures.push(await create(sim, PASSWORD, { maxRetries: 1 }));
    sim.server.faults.clear();
    sim.state.access = 'read_only';
    failures.push(await create(sim));
    const tested = await connect(sim, { password: `${PASSWORD}-x` }).test();

    expect(failures.map((f) => (f instanceof Error ? /503|failed|403/.test(f.message) : f))).toEqual([
      true,
      true,
      true,
    ]);
    expect(tested.ok).toBe(false);
    for (const text of [...failures.map(errorText), JSON.stringify(tested)]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(encodedWith(sim, PASSWORD));
    }
    expect(sim.state.incidents.rows).toEqual([]);
  });
});
