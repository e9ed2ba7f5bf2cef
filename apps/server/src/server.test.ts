import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from './test/server.js';

describe('server surface', () => {
  let s: TestServer;
  beforeAll(async () => {
    const webDir = mkdtempSync(path.join(tmpdir(), 'steward-web-'));
    writeFileSync(
      path.join(webDir, 'index.html'),
      '<!doctype html><title>Steward</title><div id="root"></div>',
    );
    writeFileSync(path.join(webDir, 'app.js'), 'console.log(1)');
    s = await startTestServer('sqlite', { webDir });
  });
  afterAll(async () => s.stop());

  it('publishes a valid OpenAPI 3.1 document generated from the route schemas', async () => {
    const r = await api(s.url, 'GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    const result = await new Validator().validate(r.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const paths = Object.keys(r.body.paths);
    for (const p of [
      '/api/v1/tokens',
      '/api/v1/tokens/{id}',
      '/api/v1/users',
      '/api/v1/users/{id}',
      '/api/v1/audit',
      '/api/v1/auth/login',
      '/healthz',
      '/readyz',
    ]) {
      expect(paths).toContain(p);
    }
    const create = r.body.paths['/api/v1/tokens'].post;
    expect(Object.keys(create.requestBody.content['application/json'].schema.properties).sort()).toEqual([
      'expiresAt',
      'name',
      'role',
    ]);
    expect(create.responses['400']).toBeDefined();
  });

  it('serves a readable API reference', async () => {
    const res = await fetch(`${s.url}/api/docs/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/swagger/i);
  });

  it('exposes Prometheus metrics, including request timings', async () => {
    await api(s.url, 'GET', '/healthz');
    const res = await fetch(`${s.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toMatch(
      /steward_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} \d+/,
    );
    expect(text).toMatch(/steward_process_cpu_seconds_total/);
  });

  it('reports liveness and readiness', async () => {
    expect((await api(s.url, 'GET', '/healthz')).body).toMatchObject({ status: 'ok' });
    expect((await api(s.url, 'GET', '/readyz')).body).toEqual({
      status: 'ready',
      checks: { database: { ok: true, detail: 'sqlite' }, bus: { ok: true, detail: 'memory' } },
    });
  });

  it('serves the UI with client-side routes, while unknown API paths stay JSON 404s', async () => {
    const page = await fetch(`${s.url}/settings/tokens`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect((await fetch(`${s.url}/app.js`)).status).toBe(200);
    expect((await fetch(`${s.url}/missing.js`)).status).toBe(404);
    const signedLink = await fetch(`${s.url}/acknowledge/0192.abc-DEF_123`, {
      headers: { accept: 'text/html,application/xhtml+xml' },
    });
    expect(signedLink.status).toBe(200);
    expect(await signedLink.text()).toContain('<div id="root">');
    const apiMiss = await api(s.url, 'GET', '/api/v1/does-not-exist');
    expect(apiMiss.status).toBe(404);
    expect(apiMiss.body.error.code).toBe('not_found');
  });
});
