import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/stores.js';
import { api } from '../../test/server.js';
import { createJamfInstance, startConnectorWorld, type ConnectorWorld } from './connectors.fixture.js';

describeEachDialect('testing a connection', (dialect) => {
  let w: ConnectorWorld;
  beforeAll(async () => {
    w = await startConnectorWorld(dialect, 4);
  });
  afterAll(async () => w?.close());

  const testUnsaved = (body: unknown, token = w.tenant.tokens.admin) =>
    api(w.server.url, 'POST', '/api/v1/connectors/jamf-pro/test', { token, body });

  it('tests a configuration before it is saved, storing nothing', async () => {
    const good = await testUnsaved({ config: w.jamf.config, secrets: w.jamf.secrets });
    expect(good.status).toBe(200);
    expect(good.body.ok).toBe(true);
    const wrong = Object.fromEntries(Object.keys(w.jamf.secrets).map((k) => [k, `wrong-${k}-secret-9f3`]));
    const bad = await testUnsaved({ config: w.jamf.config, secrets: wrong });
    expect(bad.body.ok).toBe(false);
    expect(JSON.stringify(bad.body)).not.toMatch(/wrong-\w+-secret-9f3/);
    const list = await api(w.server.url, 'GET', '/api/v1/connector-instances', {
      token: w.tenant.tokens.viewer,
    });
    expect(list.body.items).toEqual([]);
  });

  it('names the invalid field and needs an admin', async () => {
    const badUrl = await testUnsaved({
      config: { ...w.jamf.config, baseUrl: 'nope' },
      secrets: w.jamf.secrets,
    });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.details).toContainEqual(
      expect.objectContaining({ path: 'body.config.baseUrl' }),
    );
    const noSecrets = await testUnsaved({ config: w.jamf.config, secrets: {} });
    expect(noSecrets.status).toBe(400);
    expect(noSecrets.body.error.details[0].path).toMatch(/^body\.secrets\./);
    const unknown = await api(w.server.url, 'POST', '/api/v1/connectors/nope/test', {
      token: w.tenant.tokens.admin,
      body: { config: {} },
    });
    expect(unknown.body.error.details).toContainEqual(
      expect.objectContaining({ path: 'params.connectorId' }),
    );
    const operator = await testUnsaved(
      { config: w.jamf.config, secrets: w.jamf.secrets },
      w.tenant.tokens.operator,
    );
    expect(operator.status).toBe(403);
  });

  it('tests a saved instance with its stored secrets', async () => {
    const { id } = await createJamfInstance(w, { name: 'Jamf tested' });
    const res = await api(w.server.url, 'POST', `/api/v1/connector-instances/${id}/test`, {
      token: w.tenant.tokens.operator,
    });
    expect(res.body).toMatchObject({ ok: true });
  });
});
