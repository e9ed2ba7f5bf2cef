// What issue 5 must show: no secret in any log line, API response, error or run history. Every vendor
// simulator is connected, tested, synced through faults, acted on, then given wrong secrets; afterwards
// the captured logs, every API answer and every table that keeps history are searched for each secret.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { simulatedFleet, type StartedSimulator } from '@steward/sdk/simulator';
import { describeEachDialect } from '../../test/stores.js';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { SIMULATORS } from './simulators.js';

const ACTIONS: Record<string, { action: string; input: Record<string, unknown> }> = {
  slack: { action: 'notify', input: { text: 'Laptop C02X compromised' } },
  servicenow: { action: 'createIncident', input: { shortDescription: 'Compromised laptop' } },
  mimecast: { action: 'blockSender', input: { sender: 'phish@evil.example' } },
  smtp: {
    action: 'sendEmail',
    input: { to: ['it@example.com'], subject: 'Laptop C02X compromised', text: 'Contain it.' },
  },
  // Refused by the vendor (no such user): the failure's message must not carry a secret either.
  okta: { action: 'suspend', input: { user: 'nobody-at-all@example.com' } },
};

const STATIC_CREDENTIALS = new Set(['okta', 'slack', 'servicenow', 'smtp']);

const HISTORY_TABLES = [
  'connector_instances',
  'connector_runs',
  'connector_run_errors',
  'connector_actions',
  'audit_events',
  'jobs',
] as const;

/** The value, and for long ones (keys, PEMs) a slice from the middle, in case a fragment is quoted. */
function needles(secret: string): string[] {
  const out = [secret];
  if (secret.length > 40) out.push(secret.slice(secret.length / 2 - 16, secret.length / 2 + 16));
  return out;
}

describeEachDialect('no connector secret leaks', (dialect) => {
  let server: TestServer;
  let tenant: SeededTenant;
  let logs = '';
  const answers: unknown[] = [];
  const secrets = new Set<string>();
  const simulators: StartedSimulator[] = [];

  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on('data', (d: Buffer) => (logs += d.toString()));
    server = await startTestServer(
      dialect,
      { logLevel: 'debug', jobs: { workers: 2, leaseSeconds: 30, pollMs: 50 } },
      { logger: true, logStream: stream },
    );
    tenant = await seedTenant(server.steward, 'leaks');
  });
  afterAll(async () => {
    await Promise.all(simulators.map((s) => s.server.close()));
    await server?.stop();
  });

  const call = async (method: string, path: string, body?: unknown, token = tenant.tokens.admin) => {
    const res = await api(server.url, method, path, { token, body });
    answers.push(res.body);
    return res;
  };

  async function waitForRun(runId: string) {
    for (const until = Date.now() + 60_000; Date.now() < until;) {
      const run = await call('GET', `/api/v1/connector-runs/${runId}`);
      if (run.body.status === 'succeeded' || run.body.status === 'failed') return run.body;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`run ${runId} did not finish`);
  }

  it('keeps every secret out of logs, answers, errors and histories, through faults and refusals', async () => {
    const fleet = simulatedFleet({ devices: 12, seed: 3 });
    const instances: { id: string; name: string; streams: boolean; secretKeys: string[] }[] = [];
    for (const [name, definition] of Object.entries(SIMULATORS)) {
      const started = await definition.start({ fleet, port: 0, host: '127.0.0.1' });
      simulators.push(started);
      for (const value of Object.values(started.secrets)) secrets.add(value);
      // A 503 after the first few requests, and for vendors whose tokens we fetch, every token expiring
      // mid-run (a static API token that stops working is revoked, not expired).
      started.server.faults.inject({ type: 'server_error', times: 1, after: 2 });
      if (!STATIC_CREDENTIALS.has(name)) started.server.faults.inject({ type: 'expire_tokens', after: 3 });
      const created = await call('POST', '/api/v1/connector-instances', {
        connectorId: definition.connectorId,
        name: `Leak test ${name}`,
        config: started.config,
        secrets: started.secrets,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const connector = server.steward.connectors.catalog.get(definition.connectorId);
      instances.push({
        id: created.body.id,
        name,
        streams: Object.keys(connector?.streams ?? {}).length > 0,
        secretKeys: Object.keys(started.secrets),
      });
    }

    for (const i of instances) await call('POST', `/api/v1/connector-instances/${i.id}/test`);
    const runs = await Promise.all(
      instances
        .filter((i) => i.streams)
        .map((i) => call('POST', `/api/v1/connector-instances/${i.id}/syncs`)),
    );
    for (const run of runs) {
      const done = await waitForRun(run.body.id);
      expect(done.status, JSON.stringify(done)).toBe('succeeded');
    }
    for (const i of instances) {
      const planned = ACTIONS[i.name];
      if (planned)
        await call('POST', `/api/v1/connector-instances/${i.id}/actions/${planned.action}`, {
          input: planned.input,
        });
    }

    // Wrong secrets everywhere: tests and syncs fail, and neither the old nor the new values may show.
    for (const i of instances) {
      const wrong = Object.fromEntries(i.secretKeys.map((k) => [k, `wrong-${k}-${i.name}-7c1d9e`]));
      for (const value of Object.values(wrong)) secrets.add(value);
      expect((await call('PATCH', `/api/v1/connector-instances/${i.id}`, { secrets: wrong })).status).toBe(
        200,
      );
      const tested = await call('POST', `/api/v1/connector-instances/${i.id}/test`);
      if (i.name !== 'slack') expect(tested.body.ok, `${i.name}: ${tested.body.message}`).toBe(false);
    }
    const failing = instances.filter((i) => i.streams).slice(0, 2);
    for (const i of failing) {
      const run = await call('POST', `/api/v1/connector-instances/${i.id}/syncs`);
      await call('GET', `/api/v1/connector-runs/${run.body.id}`);
    }
    for (const i of instances) {
      await call('GET', `/api/v1/connector-instances/${i.id}`);
      await call('GET', `/api/v1/connector-instances/${i.id}/runs`);
    }
    await call('GET', '/api/v1/connector-actions?limit=500');
    await call('GET', '/api/v1/audit?limit=200');
    await new Promise((r) => setTimeout(r, 300));

    const tables: Record<string, unknown[]> = {};
    for (const table of HISTORY_TABLES)
      tables[table] = await server.steward.store.db.selectFrom(table).selectAll().execute();
    const haystacks: Record<string, string> = {
      logs,
      answers: JSON.stringify(answers),
      ...Object.fromEntries(Object.entries(tables).map(([t, rows]) => [t, JSON.stringify(rows)])),
    };
    expect(secrets.size).toBeGreaterThan(10);
    expect(logs.length).toBeGreaterThan(1000);
    const leaks: string[] = [];
    for (const secret of secrets)
      for (const needle of needles(secret))
        for (const [where, text] of Object.entries(haystacks))
          if (text.includes(needle)) leaks.push(`${where} contains ${needle.slice(0, 6)}…`);
    expect(leaks).toEqual([]);
  });
});
