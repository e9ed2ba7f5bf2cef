// An action on a person (Okta suspend) through the platform: the target filled from the person's Okta
// record, the result fed back as an observation without emptying columns a person always has.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { simulatedFleet } from '@steward/sdk/simulator';
import { startOktaSimulator, type OktaSimulator } from '@steward/connector-okta/simulator';
import { describeEachDialect } from '../../test/stores.js';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';

describeEachDialect('connector actions on people', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;
  let okta: OktaSimulator;
  let instanceId: string;
  beforeAll(async () => {
    s = await startTestServer(dialect, { jobs: { workers: 2, leaseSeconds: 30, pollMs: 50 } });
    t = await seedTenant(s.steward, 'people-actions');
    okta = await startOktaSimulator({ fleet: simulatedFleet({ devices: 20, seed: 4 }) });
    const created = await api(s.url, 'POST', '/api/v1/connector-instances', {
      token: t.tokens.admin,
      body: {
        connectorId: 'okta',
        name: 'Okta',
        config: { baseUrl: okta.server.url },
        secrets: { apiToken: okta.apiToken },
      },
    });
    instanceId = created.body.id;
    const run = await api(s.url, 'POST', `/api/v1/connector-instances/${instanceId}/syncs`, {
      token: t.tokens.operator,
    });
    for (const until = Date.now() + 30_000; Date.now() < until;) {
      const r = await api(s.url, 'GET', `/api/v1/connector-runs/${run.body.id}`, { token: t.tokens.viewer });
      if (r.body.status === 'succeeded') break;
      if (r.body.status === 'failed') throw new Error(r.body.error);
      await new Promise((res) => setTimeout(res, 100));
    }
  });
  afterAll(async () => {
    await okta?.server.close();
    await s?.stop();
  });

  it('suspends an Okta user from their Steward person, keeping the person whole', async () => {
    const user = okta.state.users.find((u) => u.status === 'ACTIVE');
    if (!user) throw new Error('no active Okta user');
    const people = await api(s.url, 'GET', `/api/v1/people?q=${encodeURIComponent(user.person.email)}`, {
      token: t.tokens.viewer,
    });
    const person = people.body.items[0];
    expect(person.email).toBe(user.person.email);
    const record = () =>
      s.steward.store.db
        .selectFrom('source_records')
        .select('hash')
        .where('entity_id', '=', person.id)
        .executeTakeFirstOrThrow();
    const before = await record();
    const res = await api(s.url, 'POST', `/api/v1/connector-instances/${instanceId}/actions/suspend`, {
      token: t.tokens.operator,
      body: { target: { type: 'person', id: person.id }, idempotencyKey: 'suspend-person-01' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'succeeded', target: { type: 'person', id: person.id } });
    expect(user.status).toBe('SUSPENDED');
    // What Okta answered (the user, now suspended) went through the pipeline into the person's record.
    expect((await record()).hash).not.toBe(before.hash);
    const after = await api(s.url, 'GET', `/api/v1/people/${person.id}`, { token: t.tokens.viewer });
    expect(after.body).toMatchObject({ id: person.id, name: person.name, status: expect.any(String) });
  });
});
