// Browser test of connectors: a Jamf Pro instance added from the catalog through the generated form (a bad
// base URL refused at its field, the secret never shown again), tested, synced with live progress into the
// run history, then a lock and an erase run from an asset's page — against the real server (a separate
// process) and the Jamf Pro simulator running in this process, which records what it was asked.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulator, type JamfSimulatorServer } from '@steward/connector-jamf/simulator';
import { simulatedFleet, type StartedSimulator } from '@steward/sdk/simulator';
import { adminToken, apiClient, type ApiClient } from './api.js';
import { ADMIN, assertWebBuilt, chromiumOrSkipReason, launch, newPage, signIn, WAIT } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const target = chromiumOrSkipReason();
const skipReason = 'skip' in target ? target.skip : null;

interface Instance {
  id: string;
  name: string;
  config: Record<string, unknown>;
  secrets: Record<string, { set: boolean }>;
}
describe('web UI: connectors', { timeout: 90_000 }, () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let sim: StartedSimulator | undefined;
  let page: Page;
  let api: ApiClient;
  let instanceId = '';
  let secret = '';
  const pageErrors: string[] = [];

  /** What the simulator holds and was asked to do (MDM commands, PIN included). */
  const state = () => (sim!.server as JamfSimulatorServer).state;
  const card = (id: string) => page.locator(`[data-testid="catalog-card"][data-connector="${id}"]`);
  const commandPosts = () =>
    sim!.server.requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/mdm/commands');

  beforeAll(async () => {
    if (!('path' in target)) return;
    assertWebBuilt();
    server = await startServer(ADMIN);
    api = apiClient(server.url, await adminToken(server.url, ADMIN));
    sim = await simulator.start({ fleet: simulatedFleet({ devices: 40, seed: 11 }) });
    secret = sim.secrets.clientSecret ?? '';
    browser = await launch(target.path);
    page = await newPage(browser, pageErrors);
    await signIn(page, server.url, '/settings/connectors');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await sim?.server.close();
    expect(pageErrors).toEqual([]);
  });

  it('adds Jamf Pro from the catalog; a bad base URL is refused at its field', async (ctx) => {
    if (skipReason || !server || !sim) return ctx.skip(skipReason ?? 'no server');
    await page.getByTestId('instances-empty').waitFor();
    await page.getByTestId('add-connector').click();
    await page.waitForURL(`${server.url}/settings/connectors/new`);

    // The search box asks the server (?q=), which matches action names too.
    const [searched] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/connectors/catalog?q=jamf+lock')),
      page.getByTestId('catalog-search').fill('jamf lock'),
    ]);
    expect(searched.status()).toBe(200);
    await expect
      .poll(() => page.getByTestId('catalog-search').getAttribute('data-query'), WAIT)
      .toBe('jamf lock');
    await expect
      .poll(() => page.getByTestId('catalog-card').evaluateAll((els) => els.map((e) => e.dataset.connector)))
      .toEqual(['jamf-pro']);
    expect(
      await page.locator('[data-testid="catalog-category"][data-category="mdm"]').textContent(),
    ).toContain('Device management');
    await card('jamf-pro').getByTestId('catalog-add').click();
    await page.waitForURL(`${server.url}/settings/connectors/new/jamf-pro`);

    // The form is generated from the config schema: defaults prefilled, required fields marked.
    const field = (key: string) => page.getByTestId(`config-${key}`);
    await field('baseUrl').waitFor();
    expect(await field('pageSize').inputValue()).toBe('500');
    expect(await field('baseUrl').getAttribute('type')).toBe('url');
    expect(await field('baseUrl').getAttribute('required')).not.toBeNull();
    expect(await field('pageSize').getAttribute('required')).toBeNull();
    expect(await page.getByTestId('secret-clientSecret').getAttribute('type')).toBe('password');

    await page.getByTestId('instance-name').fill('Jamf e2e');
    await field('baseUrl').fill('not a url');
    await field('clientId').fill(String(sim.config.clientId));
    await field('pageSize').fill('10');
    await page.getByTestId('secret-clientSecret').fill(secret);
    const [refused] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/connector-instances') && r.request().method() === 'POST',
      ),
      page.getByTestId('instance-save').click(),
    ]);
    expect(refused.status()).toBe(400);
    const body = (await refused.json()) as { error: { details: { path: string }[] } };
    expect(body.error.details.map((d) => d.path)).toEqual(['body.config.baseUrl']);
    await expect.poll(() => page.getByTestId('config-baseUrl-error').textContent(), WAIT).toMatch(/\S/);
    expect(await page.getByTestId('config-clientId-error').count()).toBe(0);

    // Corrected, it saves and opens the instance; the secret is nowhere in the page.
    await field('baseUrl').fill(String(sim.config.baseUrl));
    await page.getByTestId('instance-save').click();
    await page.waitForURL(/\/settings\/connectors\/[^/]+$/);
    instanceId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await expect.poll(() => page.getByTestId('instance-title').textContent(), WAIT).toBe('Jamf e2e');
    expect(await page.locator('[data-testid="config-row"][data-key="pageSize"]').textContent()).toContain(
      '10',
    );
    expect(await page.content()).not.toContain(secret);
    const saved = await api.get<Instance>(`/api/v1/connector-instances/${instanceId}`);
    expect(saved.config).toMatchObject({
      baseUrl: sim.config.baseUrl,
      clientId: sim.config.clientId,
      pageSize: 10,
    });
    expect(saved.secrets).toEqual({ clientSecret: { set: true } });
  });

  it('tests the connection, then syncs with live progress into the run history', async (ctx) => {
    if (skipReason || !server || !sim || !instanceId) return ctx.skip(skipReason ?? 'no instance');
    await page.getByTestId('instance-test').click();
    const result = page.getByTestId('test-result');
    await expect.poll(() => result.getAttribute('data-ok'), WAIT).toBe('true');
    expect(await result.textContent()).toContain('Connected to Jamf Pro');

    // Sync now: the page follows the run (GET /connector-runs/:id) until it finishes.
    const polls: string[] = [];
    page.on('response', (r) => {
      if (/\/api\/v1\/connector-runs\/[^/]+$/.test(new URL(r.url()).pathname)) polls.push(r.url());
    });
    // The second page of computers is held back 2 s: meanwhile the page shows the run with what it has read.
    const saved = await api.get<Instance>(`/api/v1/connector-instances/${instanceId}`);
    const inventory = `/api/${String(saved.config.inventoryApiVersion ?? 'v1')}/computers-inventory`;
    sim.server.faults.inject({ type: 'delay', times: 1, ms: 2_000, after: 1, path: inventory });
    await page.getByTestId('instance-sync').click();
    const live = page.getByTestId('live-run');
    const progress = async () =>
      `${await live.getAttribute('data-status')}:${await live.getByTestId('run-count-read').getAttribute('data-count')}`;
    await expect.poll(progress, WAIT).toBe('running:10');
    expect(await live.locator('[data-stream="computers"]').textContent()).toContain('reading');
    await expect.poll(() => live.getAttribute('data-status'), { timeout: 30_000 }).toBe('succeeded');
    expect(polls.length).toBeGreaterThan(0);

    const computers = state().computers.size;
    const expected = computers + state().mobileDevices.size;
    expect(computers).toBeGreaterThan(10);
    const count = (key: string) => live.getByTestId(`run-count-${key}`).getAttribute('data-count');
    expect(await count('read')).toBe(String(expected));
    expect(await count('created')).toBe(String(expected));
    expect(await count('failed')).toBe('0');
    // pageSize 10 reached the connector: the computers were read ten a page.
    const pages = sim.server.requests.filter(
      (r) => /\/computers-inventory$/.test(r.path) && r.query.includes('page-size=10'),
    );
    expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(computers / 10));

    // The run history shows it, with its counts, duration and (no) per-record errors.
    const row = page.locator(`[data-testid="run-row"][data-status="succeeded"]`);
    await expect.poll(() => row.count(), WAIT).toBe(1);
    expect(await row.getByTestId('run-row-read').getAttribute('data-count')).toBe(String(expected));
    expect(await row.textContent()).toContain('manual');
    await row.getByTestId('run-errors-toggle').click();
    await page.getByTestId('run-errors-empty').waitFor();

    // And the list shows the last run with its counts.
    await page.getByTestId('back-to-connectors').click();
    const listed = page.locator(`[data-testid="instance-row"][data-instance-id="${instanceId}"]`);
    await expect
      .poll(() => listed.getByTestId('run-status').getAttribute('data-status'), WAIT)
      .toBe('succeeded');
    expect(await listed.getByTestId('run-count-read').getAttribute('data-count')).toBe(String(expected));
    expect(await listed.getByTestId('instance-next-sync').textContent()).toBe('On demand');
  });

  it('locks a Mac Jamf reported, with a PIN, and erases it only once confirmed', async (ctx) => {
    if (skipReason || !server || !sim || !instanceId) return ctx.skip(skipReason ?? 'no instance');
    const computer = [...state().computers.values()][0]!;
    const found = await api.post<{ items: { id: string }[] }>('/api/v1/assets/search', {
      filters: [{ field: 'serialNumber', op: 'eq', value: computer.device.serialNumber }],
      sort: { field: 'name', direction: 'asc' },
      limit: 1,
    });
    const assetId = found.items[0]!.id;
    // What the card is built from: Jamf offers its computer actions on the asset it reported.
    const offered = await api.get<{ items: { instanceId: string; actions: { name: string }[] }[] }>(
      `/api/v1/entities/${assetId}/connector-actions`,
    );
    expect(offered.items.find((i) => i.instanceId === instanceId)?.actions.map((a) => a.name) ?? []).toEqual(
      expect.arrayContaining(['lock', 'erase', 'deleteComputer']),
    );
    await page.goto(`${server.url}/assets/${assetId}`);
    const deviceName = (await page.getByTestId('asset-title').textContent()) ?? '';
    const actions = page.getByTestId('connector-actions');
    const jamf = actions.locator(
      `[data-testid="connector-actions-instance"][data-instance-id="${instanceId}"]`,
    );
    await jamf.waitFor();
    expect(await jamf.textContent()).toContain(`record ${computer.id}`);

    // Lock takes a PIN; the computer id is filled by the server from the record, so it is not asked.
    const before = commandPosts().length;
    await jamf.getByTestId('action-lock').click();
    const dialog = page.getByTestId('action-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('input-computerId').count()).toBe(0);
    await dialog.getByTestId('input-pin').fill('12345');
    await dialog.getByTestId('action-submit').click();
    await expect
      .poll(() => dialog.getByTestId('input-pin-error').textContent(), WAIT)
      .toContain('six digits');
    expect(commandPosts().length).toBe(before);
    await dialog.getByTestId('input-pin').fill('123456');
    await dialog.getByTestId('action-submit').click();
    const result = actions.getByTestId('action-result');
    await expect.poll(() => result.getAttribute('data-status'), WAIT).toBe('accepted');
    expect(await result.textContent()).toContain('queued the lock');
    expect(commandPosts().map((r) => r.status)).toEqual([201]);
    const lock = state().commands.find((c) => c.commandType === 'DEVICE_LOCK');
    expect(lock).toMatchObject({
      client: { managementId: computer.managementId },
      commandData: { pin: '123456' },
    });
    await actions.locator('[data-testid="action-history-row"][data-action="lock"]').waitFor();

    // Delete is destructive: cancelling its confirmation sends nothing.
    const deletesBefore = sim.server.requests.filter((r) => r.method === 'DELETE').length;
    await jamf.getByTestId('action-deleteComputer').click();
    await dialog.waitFor();
    expect(await dialog.getByTestId('action-submit').isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(sim.server.requests.filter((r) => r.method === 'DELETE').length).toBe(deletesBefore);

    // Erase: the confirmation names the device and the action, and acts only once ticked.
    await jamf.getByTestId('action-erase').click();
    await dialog.waitFor();
    const warning = dialog.getByTestId('action-destructive-warning');
    expect(await warning.textContent()).toContain(`Erase computer on ${deviceName}`);
    expect(await page.locator('.mantine-Modal-title').textContent()).toBe('Confirm: Erase computer');
    await dialog.getByTestId('input-pin').fill('654321');
    expect(await dialog.getByTestId('action-submit').isDisabled()).toBe(true);
    await dialog.getByTestId('action-confirm-check').check();
    await dialog.getByTestId('action-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => result.textContent(), WAIT).toContain('queued the erase');
    expect(commandPosts().map((r) => r.status)).toEqual([201, 201]);
    const erase = state().commands.find((c) => c.commandType === 'ERASE_DEVICE');
    expect(erase).toMatchObject({
      client: { managementId: computer.managementId },
      commandData: { pin: '654321' },
    });
    await expect
      .poll(() =>
        actions.getByTestId('action-history-row').evaluateAll((els) => els.map((e) => e.dataset.action)),
      )
      .toEqual(['erase', 'lock']);
  });

  it('never shows the stored secret again, and keeps it when edited blank', async (ctx) => {
    if (skipReason || !server || !sim || !instanceId) return ctx.skip(skipReason ?? 'no instance');
    await page.goto(`${server.url}/settings/connectors/${instanceId}/edit`);
    const input = page.getByTestId('secret-clientSecret');
    await input.waitFor();
    expect(await input.getAttribute('placeholder')).toBe('stored — leave blank to keep');
    expect(await input.inputValue()).toBe('');
    expect(await page.getByTestId('config-pageSize').inputValue()).toBe('10');
    await page.getByTestId('instance-schedule').fill('0 * * * *');
    const [patched] = await Promise.all([
      page.waitForRequest(
        (r) => r.method() === 'PATCH' && r.url().includes(`/connector-instances/${instanceId}`),
      ),
      page.getByTestId('instance-save').click(),
    ]);
    expect(Object.keys(patched.postDataJSON() as object)).not.toContain('secrets');
    await page.waitForURL(`${server.url}/settings/connectors/${instanceId}`);
    await expect
      .poll(() => page.getByTestId('instance-schedule-summary').textContent(), WAIT)
      .toContain('0 * * * *');
    expect(await page.content()).not.toContain(secret);
    await page.getByTestId('instance-test').click();
    await expect.poll(() => page.getByTestId('test-result').getAttribute('data-ok'), WAIT).toBe('true');
  });
});
