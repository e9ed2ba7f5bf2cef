// Browser test of the reconciled twin: per-field sources and conflicts on the asset page, the raw source
// records, the review queue and the precedence settings, against the real server (a separate process)
// fed through POST /api/v1/observations, driven through Debian's Chromium.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminToken, apiClient, type ApiClient } from './api.js';
import { ROOT, startServer, type RunningServer } from './server.js';

const ADMIN = { email: 'admin@example.com', password: 'a long password 1' };
const BROWSER_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'];
const QUIET_ARGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT = { timeout: 15_000 };
const DAY = 86_400_000;

function chromiumOrSkipReason(): { path: string } | { skip: string } {
  const provided = inject('chromium');
  if (provided?.skip) return { skip: provided.skip };
  if (provided?.path) return { path: provided.path };
  return existsSync('/usr/bin/chromium')
    ? { path: '/usr/bin/chromium' }
    : { skip: '/usr/bin/chromium is missing' };
}

const target = chromiumOrSkipReason();
const skipReason = 'skip' in target ? target.skip : null;

interface Item {
  status: string;
  entityId: string | null;
}

describe('web UI: where values come from, review and precedence', { timeout: 60_000 }, () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let api: ApiClient;
  let laptop = '';
  let other = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!('path' in target)) return;
    if (!existsSync(path.join(ROOT, 'apps/web/dist/index.html')))
      throw new Error('apps/web/dist is not built.');
    server = await startServer(ADMIN);
    api = apiClient(server.url, await adminToken(server.url, ADMIN));
    await api.post('/api/v1/sources', { key: 'jamf', name: 'Jamf Pro', type: 'mdm' });
    await api.post('/api/v1/sources', { key: 'falcon', name: 'CrowdStrike', type: 'edr' });
    const fresh = new Date(Date.now() - 3_600_000).toISOString();
    const stale = new Date(Date.now() - 45 * DAY).toISOString();
    const r = await api.post<{ items: Item[] }>('/api/v1/observations', [
      {
        source: 'jamf',
        sourceKey: '501',
        kind: 'device',
        observedAt: stale,
        identifiers: { serialNumber: 'C02UI0001', macAddresses: ['a4:83:e7:10:00:01'] },
        attributes: { hostname: 'ui-mbp', model: 'MacBook Pro 14', osVersion: '13.6', diskEncrypted: true },
      },
      {
        source: 'falcon',
        sourceKey: 'cs-ui-1',
        kind: 'device',
        observedAt: fresh,
        identifiers: { serialNumber: 'c02ui0001' },
        attributes: { osVersion: '14.5', edrPresent: true, edrHealthy: true },
      },
      {
        source: 'jamf',
        sourceKey: '502',
        kind: 'device',
        observedAt: fresh,
        identifiers: { serialNumber: 'C02UI0002', macAddresses: ['a4:83:e7:10:00:02'] },
        attributes: { hostname: 'ui-air', model: 'MacBook Air' },
      },
      {
        source: 'falcon',
        sourceKey: 'cs-ui-2',
        kind: 'device',
        observedAt: fresh,
        identifiers: { macAddresses: ['A4-83-E7-10-00-01', 'A4-83-E7-10-00-02'] },
        attributes: { edrPresent: true, hostname: 'ambiguous-host' },
      },
    ]);
    expect(r.items.map((i) => i.status)).toEqual(['created', 'linked', 'created', 'review']);
    laptop = r.items[0]!.entityId!;
    other = r.items[2]!.entityId!;

    browser = await chromium.launch({ executablePath: target.path, args: [...BROWSER_ARGS, ...QUIET_ARGS] });
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.setDefaultTimeout(WAIT.timeout);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${server.url}/login?next=%2Freview`);
    await page.getByTestId('login-email').fill(ADMIN.email);
    await page.getByTestId('login-password').fill(ADMIN.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${server.url}/review`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    expect(pageErrors).toEqual([]);
  });

  it('shows each field’s source and age, the stale source’s disagreement, and the raw records', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    await page.goto(`${server.url}/assets/${laptop}`);
    const os = page.getByTestId('source-osVersion');
    await expect.poll(() => os.textContent(), WAIT).toMatch(/^falcon · 1 h ago/);
    expect(await page.getByTestId('source-model').textContent()).toMatch(/^jamf · 45 days ago · stale/);
    await page.getByTestId('conflict-osVersion').hover();
    const values = page.getByTestId('conflict-values-osVersion');
    await expect.poll(() => values.textContent(), WAIT).toContain('14.5 — falcon (edr)');
    expect(await values.textContent()).toContain('13.6 — jamf (mdm)');
    await page.getByTestId('raw-jamf-501').click();
    await expect
      .poll(() => page.getByTestId('raw-record').textContent(), WAIT)
      .toContain('"osVersion": "13.6"');
    expect(await page.getByTestId('record-falcon-cs-ui-1').textContent()).toContain('CrowdStrike');
  });

  it('shows a person’s sources on their page', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    const person = await api.post<{ id: string }>('/api/v1/people', {
      name: 'Uma Ingest',
      email: 'uma@example.com',
    });
    await api.post('/api/v1/sources', { key: 'okta', name: 'Okta', type: 'directory' });
    await api.post('/api/v1/observations', [
      {
        source: 'okta',
        sourceKey: '00uUMA',
        kind: 'person',
        observedAt: new Date().toISOString(),
        identifiers: { email: 'UMA@example.com' },
        attributes: { department: 'Legal' },
      },
    ]);
    await page.goto(`${server.url}/people/${person.id}`);
    const card = page.getByTestId('source-records');
    await expect.poll(() => card.textContent(), WAIT).toContain('Okta');
    expect(await card.textContent()).toContain('Edits in Steward');
    expect(await page.getByTestId('record-okta-00uUMA').textContent()).toContain('00uUMA');
  });

  it('lets an admin link a queued record to the right device', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    await page.goto(`${server.url}/review`);
    const card = page.getByTestId('review-falcon-cs-ui-2');
    await card.waitFor();
    expect(await card.textContent()).toContain('its mac matches more than one asset');
    await expect
      .poll(() => card.getByTestId('candidate-link').allTextContents(), WAIT)
      .toEqual(expect.arrayContaining(['ui-mbp (C02UI0001)', 'ui-air (C02UI0002)']));
    await card.getByTestId(`link-${other}`).click();
    await page.getByTestId('review-empty').waitFor();
    const twin = await api.get<{ records: { recordKey: string }[] }>(`/api/v1/assets/${other}/twin`);
    expect(twin.records.map((x) => x.recordKey).sort()).toEqual(['502', 'cs-ui-2']);
  });

  it('saves precedence per group and refuses a bad entry with its reason', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    await page.goto(`${server.url}/settings/precedence`);
    const os = page.getByTestId('precedence-os');
    await expect.poll(() => os.inputValue(), WAIT).toMatch(/^mdm, agent, edr, manual/);
    await os.fill('edr, nonsense');
    await page.getByTestId('precedence-save').click();
    await expect
      .poll(() => page.getByTestId('precedence-error').textContent(), WAIT)
      .toContain('precedence.os[1]');
    await os.fill('source:jamf, edr');
    await page.getByTestId('precedence-save').click();
    await page.getByTestId('precedence-saved').waitFor();
    const saved = await api.get<{ precedence: Record<string, string[]> }>('/api/v1/ingestion/settings');
    expect(saved.precedence.os).toEqual(['source:jamf', 'edr']);
    // The twin as read now: the stale Jamf value still yields, since a stale source only wins alone.
    await page.goto(`${server.url}/assets/${laptop}`);
    await expect.poll(() => page.getByTestId('source-osVersion').textContent(), WAIT).toMatch(/^falcon/);
  });
});
