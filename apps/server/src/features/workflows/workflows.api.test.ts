import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { describeEachDialect } from '../../test/stores.js';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { lostOrStolen } from './definition.fixtures.js';

describeEachDialect('workflow definitions API', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;
  let other: SeededTenant;
  beforeAll(async () => {
    s = await startTestServer(dialect);
    t = await seedTenant(s.steward, 'wf');
    other = await seedTenant(s.steward, 'wf-other');
  });
  afterAll(async () => s?.stop());

  const call = (method: string, path: string, body?: unknown, token = t.tokens.admin) =>
    api(s.url, method, path, { token, body });
  const yaml = (path: string, text: string, method = 'POST') =>
    api(s.url, method, path, {
      token: t.tokens.admin,
      rawBody: text,
      headers: { 'content-type': 'application/yaml' },
    });

  it('stores a definition as version 1, disabled, and keeps every version', async () => {
    const created = await call('POST', '/api/v1/workflows', lostOrStolen);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Lost or stolen',
      version: 1,
      enabled: false,
      triggerType: 'entity_changed',
    });
    const id = created.body.id as string;

    const changed = { ...lostOrStolen, description: 'v2', concurrency: 3 };
    const saved = await call('PUT', `/api/v1/workflows/${id}`, changed);
    expect(saved.body).toMatchObject({ version: 2, definition: { description: 'v2', concurrency: 3 } });
    const v1 = await call('GET', `/api/v1/workflows/${id}/versions/1`, undefined, t.tokens.viewer);
    expect(v1.body.definition.description).toBe(lostOrStolen.description);
    const versions = await call('GET', `/api/v1/workflows/${id}/versions`, undefined, t.tokens.viewer);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);

    const enabled = await call('PATCH', `/api/v1/workflows/${id}`, { enabled: true });
    expect(enabled.body.enabled).toBe(true);
    const list = await call('GET', '/api/v1/workflows', undefined, t.tokens.viewer);
    expect(list.body.items).toEqual([expect.objectContaining({ id, version: 2, enabled: true })]);
  });

  it('imports YAML and exports a definition that imports unchanged', async () => {
    const imported = await yaml('/api/v1/workflows', stringify({ ...lostOrStolen, name: 'Lost (YAML)' }));
    expect(imported.status).toBe(201);
    const exported = await fetch(`${s.url}/api/v1/workflows/${imported.body.id}/export?format=yaml`, {
      headers: { authorization: `Bearer ${t.tokens.viewer}` },
    });
    expect(exported.headers.get('content-type')).toMatch(/application\/yaml/);
    const text = await exported.text();
    expect(text).toContain('type: approval');
    const again = await yaml('/api/v1/workflows', text.replace('Lost (YAML)', 'Lost (round trip)'));
    expect(again.status).toBe(201);
    expect(again.body.definition).toEqual({ ...imported.body.definition, name: 'Lost (round trip)' });
    const json = await fetch(`${s.url}/api/v1/workflows/${imported.body.id}/export?format=json`, {
      headers: { authorization: `Bearer ${t.tokens.viewer}` },
    });
    expect(JSON.parse(await json.text())).toEqual(imported.body.definition);
  });

  it('refuses broken input with errors naming the step and field, writing nothing', async () => {
    const before = (await call('GET', '/api/v1/workflows')).body.items.length;
    const badYaml = await yaml('/api/v1/workflows', 'name: [unclosed');
    expect(badYaml.status).toBe(400);
    expect(badYaml.body.error.code).toBe('invalid_yaml');
    const badStep = await call('POST', '/api/v1/workflows', {
      ...lostOrStolen,
      name: 'Broken',
      steps: [{ ...lostOrStolen.steps[0], approved: 'nowhere' }, ...lostOrStolen.steps.slice(1)],
    });
    expect(badStep.status).toBe(400);
    expect(badStep.body.error.details).toContainEqual({
      path: 'body.steps[0].approved',
      reason: 'no step "nowhere"',
    });
    const badShape = await call('POST', '/api/v1/workflows', {
      ...lostOrStolen,
      name: 'Broken',
      trigger: { type: 'whenever' },
    });
    expect(badShape.body.error.details[0].path).toBe('body.trigger.type');
    const badExpr = await call('POST', '/api/v1/workflows', {
      ...lostOrStolen,
      name: 'Broken',
      trigger: { ...lostOrStolen.trigger, filter: 'after.lifecycleState = ' },
    });
    expect(badExpr.body.error.details).toEqual([expect.objectContaining({ path: 'body.trigger.filter' })]);
    expect((await call('GET', '/api/v1/workflows')).body.items.length).toBe(before);
  });

  it('lists the shipped playbooks and creates a workflow from one with its parameters', async () => {
    const templates = await call('GET', '/api/v1/workflows/templates', undefined, t.tokens.viewer);
    expect(templates.body.items).toHaveLength(8);
    const disposal = templates.body.items.find((x: { id: string }) => x.id === 'disposal');
    expect(disposal.parameters).toEqual([
      { name: 'jamf', label: 'Jamf Pro instance', connectorId: 'jamf-pro', default: null },
    ]);
    const missing = await call('POST', '/api/v1/workflows/templates/compromised-device', {
      parameters: { jamf: 'Jamf EU' },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'body.parameters.slack',
      'body.parameters.servicenow',
    ]);
    const created = await call('POST', '/api/v1/workflows/templates/disposal', {
      name: 'Disposal (EU)',
      parameters: { jamf: 'Jamf EU' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Disposal (EU)', version: 1, enabled: false });
    expect(created.body.definition.steps.find((st: { id: string }) => st.id === 'delete')).toMatchObject({
      action: 'deleteComputer',
      instance: 'Jamf EU',
    });
    expect((await call('POST', '/api/v1/workflows/templates/nope', {})).status).toBe(404);
  });

  it('guards names, roles and tenants', async () => {
    const dup = await call('POST', '/api/v1/workflows', { ...lostOrStolen, name: 'LOST OR STOLEN' });
    expect(dup.status).toBe(409);
    expect(
      (
        await call(
          'POST',
          '/api/v1/workflows',
          { ...lostOrStolen, name: 'By an operator' },
          t.tokens.operator,
        )
      ).status,
    ).toBe(403);
    const mine = (await call('GET', '/api/v1/workflows')).body.items[0].id as string;
    expect((await call('GET', `/api/v1/workflows/${mine}`, undefined, other.tokens.admin)).status).toBe(404);
    expect((await call('DELETE', `/api/v1/workflows/${mine}`, undefined, other.tokens.admin)).status).toBe(
      404,
    );
    expect((await call('DELETE', `/api/v1/workflows/${mine}`)).status).toBe(204);
    expect((await call('GET', `/api/v1/workflows/${mine}/versions/1`)).status).toBe(404);
  });
});
