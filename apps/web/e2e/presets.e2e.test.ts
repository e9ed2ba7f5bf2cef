// Browser test of action presets: the built-in Jamf remote lock found by search ("jamf lock"), dry-run
// (the rendered URL names the computer's Jamf id, and nothing reaches Jamf) and run with a PIN (Jamf
// queues DEVICE_LOCK), the same preset from an asset's page with the instance and asset already chosen,
// and an admin writing a preset whose broken output expression is refused at its path, then saved —
// against the real server (a separate process) and the Jamf Pro simulator running in this process.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulator, type JamfSimulatorServer } from '@steward/connector-jamf/simulator';
import { simulatedFleet, type StartedSimulator } from '@steward/sdk/simulator';
import { adminToken, apiClient, type ApiClient } from './api.js';
import { ADMIN, assertWebBuilt, chromiumOrSkipReason, launch, newPage, signIn, WAIT } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const target = chromiumOrSkipReason();
const skipReason = 'skip' in target ? target.skip : null;
const LOCK = 'builtin.jamf-pro.remote-lock';

interface Run {
  id: string;
  status: string;
}

describe('web UI: action presets', { timeout: 120_000 }, () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let sim: StartedSimulator | undefined;
  let page: Page;
  let api: ApiClient;
  let jamfId = '';
  let assetId = '';
  let serial = '';
  let computer: { id: string; managementId: string };
  const pageErrors: string[] = [];

  const state = () => (sim!.server as JamfSimulatorServer).state;
  const locks = () => state().commands.filter((c) => c.commandType === 'DEVICE_LOCK');
  const rowIds = () =>
    page.getByTestId('preset-row').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.presetId));

  beforeAll(async () => {
    if (!('path' in target)) return;
    assertWebBuilt();
    server = await startServer(ADMIN);
    api = apiClient(server.url, await adminToken(server.url, ADMIN));
    sim = await simulator.start({ fleet: simulatedFleet({ devices: 12, seed: 5 }) });
    // A Jamf instance, synced, so its computers are assets; and an instance of another connector, which the
    // lock preset must not offer.
    jamfId = (
      await api.post<{ id: string }>('/api/v1/connector-instances', {
        connectorId: 'jamf-pro',
        name: 'Jamf e2e',
        config: { ...sim.config },
        secrets: sim.secrets,
      })
    ).id;
    await api.post('/api/v1/connector-instances', {
      connectorId: 'http-api',
      name: 'Some HTTP API',
      config: { baseUrl: sim.server.url, auth: { type: 'bearer' } },
      secrets: { token: 'not-used-here-123' },
    });
    const run = await api.post<Run>(`/api/v1/connector-instances/${jamfId}/syncs`, {});
    for (let i = 0; i < 150; i++) {
      const now = await api.get<Run>(`/api/v1/connector-runs/${run.id}`);
      if (now.status === 'succeeded') break;
      if (now.status === 'failed') throw new Error('the Jamf sync failed');
      await new Promise((r) => setTimeout(r, 200));
    }
    const first = [...state().computers.values()][0]!;
    computer = { id: first.id, managementId: first.managementId };
    serial = first.device.serialNumber;
    const found = await api.get<{ items: { id: string }[] }>(
      `/api/v1/assets?q=${encodeURIComponent(serial)}`,
    );
    assetId = found.items[0]!.id;
    browser = await launch(target.path);
    page = await newPage(browser, pageErrors);
    await signIn(page, server.url, '/settings/action-presets');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await sim?.server.close();
    expect(pageErrors).toEqual([]);
  });

  it('finds the built-in Jamf lock by search, kept in the URL, and opens it', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    await expect.poll(async () => (await rowIds()).length, WAIT).toBeGreaterThan(1);
    const [searched] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/action-presets?q=jamf+lock')),
      page.getByTestId('presets-search').fill('jamf lock'),
    ]);
    expect(searched.status()).toBe(200);
    await expect.poll(rowIds, WAIT).toEqual([LOCK]);
    expect(new URL(page.url()).searchParams.get('q')).toBe('jamf lock');
    const row = page.locator(`[data-testid="preset-row"][data-preset-id="${LOCK}"]`);
    expect(await row.getByTestId('preset-connector').textContent()).toBe('Jamf Pro');
    expect(await row.getByTestId('preset-badge-builtin').count()).toBe(1);
    expect(await row.getByTestId('preset-badge-destructive').count()).toBe(0);
    expect(await row.getByTestId('preset-badge-target').textContent()).toBe('acts on asset');

    // A search matching nothing says so; reloading the page keeps the search.
    await page.getByTestId('presets-search').fill('jamf teleport');
    await page.getByTestId('presets-empty').waitFor();
    await page.reload();
    expect(await page.getByTestId('presets-search').inputValue()).toBe('jamf teleport');
    await page.getByTestId('presets-search').fill('jamf lock');
    await expect.poll(rowIds, WAIT).toEqual([LOCK]);

    await row.getByTestId('preset-link').click();
    await page.waitForURL(`${server.url}/settings/action-presets/${LOCK}`);
    expect(await page.getByTestId('preset-title').textContent()).toBe('Jamf Pro: remote device lock');
    expect(
      await page.getByTestId('preset-request-url').evaluateAll((els) => els.map((e) => e.textContent)),
    ).toEqual(['/api/v1/computers-inventory-detail/{{ target.key }}', '/api/v2/mdm/commands']);
    expect(await page.getByTestId('preset-request-body').textContent()).toContain('DEVICE_LOCK');
    expect(await page.getByTestId('preset-output').textContent()).toContain('commandId');
    expect(JSON.parse((await page.getByTestId('preset-definition').textContent()) ?? '')).toMatchObject({
      inputs: [{ name: 'pin', pattern: '\\d{6}' }, { name: 'message' }],
    });
    // Built-in: it can be duplicated, not edited or deleted.
    expect(await page.getByTestId('preset-duplicate').count()).toBe(1);
    expect(await page.getByTestId('preset-edit').count()).toBe(0);
    expect(await page.getByTestId('preset-delete').count()).toBe(0);
  });

  it('dry-runs the lock on a synced Mac without sending anything, then locks it with a PIN', async (ctx) => {
    if (skipReason || !server || !sim) return ctx.skip(skipReason ?? 'no server');
    const panel = page.getByTestId('run-panel');
    // Only Jamf instances are offered.
    await panel.getByTestId('run-instance').click();
    await expect
      .poll(() => page.getByRole('option').evaluateAll((els) => els.map((e) => e.textContent)), WAIT)
      .toEqual(['Jamf e2e']);
    await page.getByRole('option', { name: 'Jamf e2e', exact: true }).click();
    await panel.getByTestId('run-entity').fill(serial);
    await page.getByRole('option', { name: new RegExp(serial) }).click();

    // A PIN that is not six digits is refused at its field before anything is asked.
    const requestsBefore = sim.server.requests.length;
    const commandsBefore = state().commands.length;
    await panel.getByTestId('run-input-pin').fill('12345');
    await panel.getByTestId('run-dry').click();
    await expect
      .poll(() => panel.getByTestId('run-input-pin-error').textContent(), WAIT)
      .toBe('must match \\d{6}');

    // The dry run renders each request with the computer's Jamf id and sends none.
    await panel.getByTestId('run-input-pin').fill('123456');
    const [dry] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/action-presets/${LOCK}/runs`)),
      panel.getByTestId('run-dry').click(),
    ]);
    expect(dry.request().postDataJSON()).toMatchObject({
      instanceId: jamfId,
      entityId: assetId,
      dryRun: true,
      input: { pin: '123456' },
    });
    const result = panel.getByTestId('run-result');
    await expect.poll(() => result.getAttribute('data-status'), WAIT).toBe('dry_run');
    const lines = () =>
      result.getByTestId('run-request-line').evaluateAll((els) => els.map((e) => e.textContent));
    expect(await lines()).toEqual([
      `GET /api/v1/computers-inventory-detail/${computer.id}`,
      'POST /api/v2/mdm/commands',
    ]);
    expect(
      await result.getByTestId('run-request-status').evaluateAll((els) => els.map((e) => e.textContent)),
    ).toEqual(['not sent', 'not sent']);
    expect(await result.getByTestId('run-request-note').first().textContent()).toMatch(/responses\.computer/);
    expect(sim.server.requests.length).toBe(requestsBefore);
    expect(state().commands.length).toBe(commandsBefore);

    // The run: both requests answered, the output names the command Jamf queued for this computer.
    await panel.getByTestId('run-submit').click();
    await expect.poll(() => result.getAttribute('data-status'), WAIT).toBe('succeeded');
    expect(
      await result
        .getByTestId('run-request')
        .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.status)),
    ).toEqual(['200', '201']);
    expect(locks()).toHaveLength(1);
    expect(locks()[0]).toMatchObject({
      client: { managementId: computer.managementId },
      commandData: { commandType: 'DEVICE_LOCK', pin: '123456' },
    });
    const output = JSON.parse((await result.getByTestId('run-output').textContent()) ?? '') as unknown;
    expect(output).toEqual({ commandId: locks()[0]!.uuid });
  });

  it('runs the preset from the asset’s page with the instance and asset filled in', async (ctx) => {
    if (skipReason || !server || !sim) return ctx.skip(skipReason ?? 'no server');
    await page.goto(`${server.url}/assets/${assetId}`);
    const presets = page.locator(`[data-testid="instance-presets"][data-instance-id="${jamfId}"]`);
    await presets.waitFor();
    // Jamf's presets that act on an asset: lock and restart.
    expect(
      await presets
        .getByTestId('instance-preset')
        .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.presetId)),
    ).toEqual(expect.arrayContaining([LOCK, 'builtin.jamf-pro.restart']));
    await presets.locator(`[data-preset-id="${LOCK}"]`).click();
    const dialog = page.getByTestId('preset-run-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('run-instance').count()).toBe(0);
    expect(await dialog.getByTestId('run-entity').count()).toBe(0);
    const before = sim.server.requests.length;
    await dialog.getByTestId('run-input-pin').fill('654321');
    await dialog.getByTestId('run-dry').click();
    const result = dialog.getByTestId('run-result');
    await expect.poll(() => result.getAttribute('data-status'), WAIT).toBe('dry_run');
    expect(await result.getByTestId('run-request-line').first().textContent()).toBe(
      `GET /api/v1/computers-inventory-detail/${computer.id}`,
    );
    expect(sim.server.requests.length).toBe(before);
    expect(locks()).toHaveLength(1);
  });

  it('refuses a preset whose output expression is broken, naming its path, and saves it fixed', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    await page.goto(`${server.url}/settings/action-presets`);
    await page.getByTestId('preset-new').click();
    await page.waitForURL(`${server.url}/settings/action-presets/new`);
    await page.getByTestId('preset-name').fill('Jamf: computer model');
    await page.getByTestId('preset-description-input').fill('Reads one computer and returns its model.');
    await page.getByTestId('preset-connector').click();
    await page.getByRole('option', { name: 'Jamf Pro', exact: true }).click();
    const definition = (output: string) =>
      JSON.stringify({
        inputs: [],
        requests: [
          { name: 'computer', method: 'GET', url: '/api/v1/computers-inventory-detail/{{ target.key }}' },
        ],
        output,
      });
    const editor = page.getByTestId('preset-definition-input');
    const saves: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/action-presets')) saves.push(r.url());
    });

    // Text that is not JSON is refused here, without asking the server.
    await editor.fill('{"requests": [');
    await page.getByTestId('preset-save').click();
    await expect
      .poll(() => page.getByTestId('preset-definition-error').textContent(), WAIT)
      .toMatch(/^Not valid JSON/);
    expect(saves).toEqual([]);

    // Valid JSON with a broken expression: the server names body.definition.output.
    await editor.fill(definition('{"a": '));
    const [refused] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/action-presets') && r.request().method() === 'POST',
      ),
      page.getByTestId('preset-save').click(),
    ]);
    expect(refused.status()).toBe(400);
    const detail = page.getByTestId('preset-save-error-detail');
    await expect
      .poll(() => detail.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.path)), WAIT)
      .toEqual(['body.definition.output']);
    expect(await detail.textContent()).toContain('body.definition.output');
    expect(await page.getByTestId('preset-definition-error').count()).toBe(0);

    // Fixed, it saves and opens; it is no built-in, so it can be edited and deleted.
    await editor.fill(definition('{"model": responses.computer.body.hardware.model}'));
    await page.getByTestId('preset-save').click();
    await page.waitForURL(/\/settings\/action-presets\/(?!new)[^/]+$/);
    await expect
      .poll(() => page.getByTestId('preset-title').textContent(), WAIT)
      .toBe('Jamf: computer model');
    expect(await page.getByTestId('preset-output').textContent()).toContain('hardware.model');
    expect(await page.getByTestId('preset-edit').count()).toBe(1);
    const savedId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');

    await page.getByTestId('back-to-presets').click();
    await page.getByTestId('presets-search').fill('computer model');
    await expect.poll(rowIds, WAIT).toEqual([savedId]);
    const saved = page.locator(`[data-testid="preset-row"][data-preset-id="${savedId}"]`);
    expect(await saved.getByTestId('preset-badge-builtin').count()).toBe(0);
    expect(await saved.getByTestId('preset-connector').textContent()).toBe('Jamf Pro');
  });
});
