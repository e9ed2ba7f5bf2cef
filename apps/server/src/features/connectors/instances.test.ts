import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/stores.js';
import { api, seedTenant } from '../../test/server.js';
import { createJamfInstance, startConnectorWorld, type ConnectorWorld } from './connectors.fixture.js';

describeEachDialect('connector catalog and instances', (dialect) => {
  let w: ConnectorWorld;
  beforeAll(async () => {
    w = await startConnectorWorld(dialect, 12);
  });
  afterAll(async () => w?.close());

  const call = (method: string, path: string, token: string, body?: unknown) =>
    api(w.server.url, method, path, { token, body });

  it('lists the catalog with JSON schemas, secret labels and actions, and searches it', async () => {
    const all = await call('GET', '/api/v1/connectors/catalog', w.tenant.tokens.viewer);
    expect(all.status).toBe(200);
    const jamf = all.body.items.find((c: { id: string }) => c.id === 'jamf-pro');
    expect(jamf).toMatchObject({
      title: 'Jamf Pro',
      category: 'mdm',
      auth: { type: 'oauth2_client_credentials' },
    });
    expect(jamf.auth.secrets.map((s: { key: string }) => s.key)).toEqual(['clientSecret']);
    expect(jamf.configSchema.properties).toHaveProperty('baseUrl');
    expect(jamf.actions.find((a: { name: string }) => a.name === 'erase')).toMatchObject({
      destructive: true,
    });
    const lock = await call('GET', '/api/v1/connectors/catalog?q=jamf%20lock', w.tenant.tokens.viewer);
    expect(lock.body.items.map((c: { id: string }) => c.id)).toEqual(['jamf-pro']);
    const none = await call('GET', '/api/v1/connectors/catalog?q=nothing-like-this', w.tenant.tokens.viewer);
    expect(none.body.items).toEqual([]);
  });

  it('refuses bad instance input naming the field, and non-admins', async () => {
    const base = { connectorId: 'jamf-pro', name: 'Bad', config: w.jamf.config, secrets: w.jamf.secrets };
    const cases: [unknown, string][] = [
      [{ ...base, connectorId: 'nope' }, 'body.connectorId'],
      [{ ...base, config: { ...w.jamf.config, baseUrl: 'not a url' } }, 'body.config.baseUrl'],
      [{ ...base, secrets: {} }, 'body.secrets.clientSecret'],
      [{ ...base, secrets: { ...w.jamf.secrets, extra: 'x' } }, 'body.secrets.extra'],
      [{ ...base, schedule: 'every day' }, 'body.schedule'],
      [{ ...base, schedule: '0 * * * *', timeZone: 'Mars/Olympus' }, 'body.timeZone'],
    ];
    for (const [body, path] of cases) {
      const res = await call('POST', '/api/v1/connector-instances', w.tenant.tokens.admin, body);
      expect(res.status, path).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const operator = await call('POST', '/api/v1/connector-instances', w.tenant.tokens.operator, base);
    expect(operator.status).toBe(403);
    const list = await call('GET', '/api/v1/connector-instances', w.tenant.tokens.viewer);
    expect(list.body.items).toEqual([]);
  });

  it('stores secrets encrypted and write-only, tests the connection, and says why it fails without the secret', async () => {
    const secret = w.jamf.secrets.clientSecret as string;
    const created = await createJamfInstance(w, {
      name: 'Jamf US',
      schedule: '0 */6 * * *',
      timeZone: 'Europe/London',
    });
    const got = await call('GET', `/api/v1/connector-instances/${created.id}`, w.tenant.tokens.viewer);
    expect(got.body).toMatchObject({
      connectorId: 'jamf-pro',
      name: 'Jamf US',
      sourceKey: 'jamf-us',
      secrets: { clientSecret: { set: true } },
      schedule: '0 */6 * * *',
      enabled: true,
    });
    expect(Date.parse(got.body.nextSyncAt)).toBeGreaterThan(Date.now());
    expect(JSON.stringify(got.body)).not.toContain(secret);
    const row = await w.server.steward.store.db
      .selectFrom('connector_instances')
      .select('secrets')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.secrets).not.toContain(secret);
    const audit = await w.server.steward.store.db.selectFrom('audit_events').selectAll().execute();
    expect(JSON.stringify(audit)).not.toContain(secret);

    const ok = await call('POST', `/api/v1/connector-instances/${created.id}/test`, w.tenant.tokens.operator);
    expect(ok.body).toEqual({ ok: true, message: expect.any(String) });

    const wrong = `${secret}-but-wrong`;
    const patched = await call('PATCH', `/api/v1/connector-instances/${created.id}`, w.tenant.tokens.admin, {
      secrets: { clientSecret: wrong },
    });
    expect(patched.status).toBe(200);
    expect(JSON.stringify(patched.body)).not.toContain(wrong);
    const bad = await call(
      'POST',
      `/api/v1/connector-instances/${created.id}/test`,
      w.tenant.tokens.operator,
    );
    expect(bad.body.ok).toBe(false);
    expect(bad.body.message).not.toContain(wrong);
    expect(bad.body.message.length).toBeGreaterThan(0);

    const dup = await call('POST', '/api/v1/connector-instances', w.tenant.tokens.admin, {
      connectorId: 'jamf-pro',
      name: 'Jamf US',
      config: w.jamf.config,
      secrets: w.jamf.secrets,
      sourceKey: 'another-key',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details[0].path).toBe('body.name');
  });

  it('keeps every tenant to its own instances', async () => {
    const other = await seedTenant(w.server.steward, 'other');
    const mine = await createJamfInstance(w, { name: 'Jamf tenant check' });
    const theirs = await call('GET', `/api/v1/connector-instances/${mine.id}`, other.tokens.owner);
    expect(theirs.status).toBe(404);
    const sync = await call('POST', `/api/v1/connector-instances/${mine.id}/syncs`, other.tokens.owner);
    expect(sync.status).toBe(404);
    const list = await call('GET', '/api/v1/connector-instances', other.tokens.owner);
    expect(list.body.items).toEqual([]);
  });
});
