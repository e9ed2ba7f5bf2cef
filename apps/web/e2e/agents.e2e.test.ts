// Browser test of endpoint agents: an enrolment secret created in the UI and read off the page; a real agent
// (the @steward/agent runtime, in this process, in dry-run mode, over a real WebSocket) enrolled with it and
// seen online with live counts; "Inventory now" on its asset followed to success with the new OS version
// shown; a script run on every device from the Run task dialog with its result streaming back; and the agent
// revoked from the list — against the real server (a separate process).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createAgent, enroll, silentLogger, type Agent as AgentRuntime } from '@steward/agent';
import type { Inventory } from '@steward/protocol';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, apiClient, type ApiClient } from './api.js';
import { ADMIN, assertWebBuilt, chromiumOrSkipReason, launch, newPage, signIn, WAIT } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const target = chromiumOrSkipReason();
const skipReason = 'skip' in target ? target.skip : null;
const SERIAL = 'AGE2E00001';
const HOSTNAME = 'e2e-laptop-01';

interface AgentView {
  id: string;
  status: string;
  online: boolean;
  transport: string | null;
  assetId: string | null;
}
interface AgentStats {
  enrolled: number;
  online: number;
}

function laptop(osVersion: string): Inventory {
  return {
    hostname: HOSTNAME,
    serialNumber: SERIAL,
    manufacturer: 'Dell Inc.',
    model: 'Latitude 7440',
    chassis: 'Notebook',
    os: { platform: 'linux', name: 'Ubuntu', version: osVersion, build: '6.8.0-49' },
    network: [{ name: 'wlp0s20f3', mac: '02:00:00:e2:e0:01', ipv4: [], ipv6: [], virtual: false }],
    disks: [{ name: 'nvme0n1', sizeBytes: 512 * 1024 ** 3, encrypted: true }],
    firewallEnabled: true,
    software: [{ name: 'openssl', version: '3.0.13' }],
  };
}

describe('web UI: agents', { timeout: 120_000 }, () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let api: ApiClient;
  let secret = '';
  let agentId = '';
  let assetId = '';
  let agent: AgentRuntime | undefined;
  let stateDir = '';
  const inventory = { current: laptop('24.04') };
  const pageErrors: string[] = [];

  const row = (): Locator => page.locator(`[data-testid="agent-row"][data-agent-id="${agentId}"]`);
  const attr = (l: Locator, name: string) => () => l.getAttribute(name);

  beforeAll(async () => {
    if (!('path' in target)) return;
    assertWebBuilt();
    server = await startServer(ADMIN);
    api = apiClient(server.url, await adminToken(server.url, ADMIN));
    browser = await launch(target.path);
    page = await newPage(browser, pageErrors);
    await signIn(page, server.url, '/agents');
  });

  afterAll(async () => {
    await agent?.stop().catch(() => {});
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
    await browser?.close();
    await server?.stop();
    expect(pageErrors).toEqual([]);
  });

  it('creates an enrolment secret, shows it once with the enrol command, and lists it by prefix', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    await page.getByTestId('agents-empty').waitFor();
    await expect.poll(attr(page.getByTestId('stat-online'), 'data-enrolled'), WAIT).toBe('0');
    await page.getByTestId('tab-enrolment').click();
    await page.getByTestId('secrets-empty').waitFor();
    await page.getByTestId('secret-name').fill('E2E laptops');
    await page.getByTestId('secret-expires').fill('30');
    const [created] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/agent-enrollment-secrets') && r.request().method() === 'POST',
      ),
      page.getByTestId('secret-create').click(),
    ]);
    expect(created.status()).toBe(201);
    expect(created.request().postDataJSON()).toEqual({ name: 'E2E laptops', expiresInDays: 30 });

    secret = (await page.getByTestId('secret-value').textContent())?.trim() ?? '';
    expect(secret.length).toBeGreaterThan(16);
    expect(await page.getByTestId('secret-command').textContent()).toBe(
      `steward-agent enroll --server ${server.url} --secret ${secret}`,
    );
    // Listed without the secret: its first characters, never used yet.
    const listed = page.getByTestId('secret-row');
    await expect.poll(() => listed.count(), WAIT).toBe(1);
    const prefix = (await listed.getAttribute('data-prefix')) ?? '';
    expect(prefix.length).toBeGreaterThan(0);
    expect(secret.startsWith(prefix)).toBe(true);
    expect(await listed.getByTestId('secret-uses').textContent()).toBe('0');
    await page.getByTestId('secret-done').click();
    await page.getByTestId('secret-create-form').waitFor();
    expect(await page.getByTestId('secret-value').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
  });

  it('shows an agent enrolled with that secret online, with live counts', async (ctx) => {
    if (skipReason || !server || !secret) return ctx.skip(skipReason ?? 'no secret');
    const enrolled = await enroll({ server: server.url, secret, hostname: HOSTNAME });
    agentId = enrolled.agentId;
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'steward-e2e-agent-'));
    agent = createAgent(
      {
        server: server.url,
        agentId: enrolled.agentId,
        credential: enrolled.credential,
        stateDir,
        transport: 'websocket',
        pollWaitSeconds: 2,
        dryRun: true,
        backoff: { baseMs: 50, maxMs: 500 },
        scripts: {
          hello: { command: process.execPath, args: ['-e', 'console.log("hello from the e2e agent")'] },
        },
      },
      { collectInventory: async () => inventory.current, logger: silentLogger },
    );
    await agent.start();

    // The secret's use is counted.
    await page.reload();
    await expect
      .poll(() => page.getByTestId('secret-row').getByTestId('secret-uses').textContent(), WAIT)
      .toBe('1');

    // The list is live: the agent appears online over its WebSocket without a reload.
    await page.getByTestId('tab-agents').click();
    await expect.poll(attr(row(), 'data-online'), WAIT).toBe('true');
    expect(await row().getByTestId('agent-presence').textContent()).toBe('online · websocket');
    await expect.poll(attr(page.getByTestId('stat-online'), 'data-online'), WAIT).toBe('1');
    expect(await page.getByTestId('stat-online').getAttribute('data-enrolled')).toBe('1');
    const transport = page.getByTestId('stat-transport').locator('[data-name="websocket"]');
    expect(await transport.getByTestId('stat-count').textContent()).toBe('1');
    await expect
      .poll(
        () => page.getByTestId('stat-node').evaluateAll((els) => els.map((e) => e.dataset.connections)),
        WAIT,
      )
      .toEqual(['1']);

    // Filters: online shows it; revoked does not.
    await page.getByTestId('agent-filter').getByText('Revoked', { exact: true }).click();
    await page.getByTestId('agents-empty').waitFor();
    await page.getByTestId('agent-filter').getByText('Online', { exact: true }).click();
    await row().waitFor();
    await page.getByTestId('agent-search').fill('no-such-host');
    await page.getByTestId('agents-empty').waitFor();
    // The agent names itself by the machine's hostname (the enrolment hostname is only a hint).
    await page.getByTestId('agent-search').fill(os.hostname());
    await row().waitFor();

    // "Check in now" reaches it over the live connection.
    const [checkin] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/agents/${agentId}/checkin`)),
      row().getByTestId('agent-checkin').click(),
    ]);
    expect(await checkin.json()).toEqual({ delivered: true });
    expect(await row().getByTestId('agent-checkin-result').textContent()).toBe('asked');

    await expect
      .poll(async () => (await api.get<AgentView>(`/api/v1/agents/${agentId}`)).assetId, WAIT)
      .not.toBeNull();
    assetId = (await api.get<AgentView>(`/api/v1/agents/${agentId}`)).assetId ?? '';
  });

  it('runs "Inventory now" on the asset and shows the new OS version once the task has succeeded', async (ctx) => {
    if (skipReason || !server || !assetId) return ctx.skip(skipReason ?? 'no agent');
    await row().getByTestId('agent-hostname').click();
    await page.waitForURL(`${server.url}/assets/${assetId}`);
    const panel = page.getByTestId('agent-panel');
    await expect.poll(attr(panel, 'data-online'), WAIT).toBe('true');
    expect(await panel.getByTestId('agent-presence').textContent()).toBe('online · websocket');
    expect(await panel.getByTestId('agent-panel-summary').textContent()).toContain(os.hostname());
    await expect.poll(() => page.getByTestId('attr-value-osVersion').textContent(), WAIT).toBe('24.04');

    // The device is upgraded; the next inventory says so.
    inventory.current = laptop('24.10');
    const [created] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/agent-task-requests') && r.request().method() === 'POST',
      ),
      panel.getByTestId('inventory-now').click(),
    ]);
    expect(created.status()).toBe(201);
    expect(created.request().postDataJSON()).toEqual({
      type: 'inventory',
      parameters: {},
      target: { assetIds: [assetId] },
    });
    await expect.poll(attr(panel.getByTestId('inventory-request'), 'data-status'), WAIT).toBe('succeeded');
    // The record is read again: no reload.
    await expect.poll(() => page.getByTestId('attr-value-osVersion').textContent(), WAIT).toBe('24.10');
    const task = panel.locator('[data-testid="agent-task-row"][data-type="inventory"]');
    await expect.poll(attr(task.first(), 'data-status'), WAIT).toBe('succeeded');
    expect(await task.first().getByTestId('agent-task-outcome').textContent()).toBe(
      'Ubuntu 24.10, 1 package',
    );
  });

  it('runs a script on every device from the Run task dialog and shows its result as it comes back', async (ctx) => {
    if (skipReason || !server || !assetId) return ctx.skip(skipReason ?? 'no agent');
    await page.getByTestId('nav-agents').click();
    await page.getByTestId('run-task-open').click();
    await page.getByTestId('task-type').click();
    await page.getByRole('option', { name: 'Run an allowed script', exact: true }).click();
    // The script's name is required.
    expect(await page.getByTestId('run-task-submit').isDisabled()).toBe(true);
    await page.getByTestId('task-param-name').fill('hello');
    await page.getByTestId('task-param-timeoutSeconds').fill('30');
    const [created] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/agent-task-requests') && r.request().method() === 'POST',
      ),
      page.getByTestId('run-task-submit').click(),
    ]);
    expect(created.request().postDataJSON()).toEqual({
      type: 'script',
      parameters: { name: 'hello', timeoutSeconds: 30 },
      target: { all: true },
    });
    const progress = page.getByTestId('task-request');
    await expect.poll(attr(progress, 'data-status'), WAIT).toBe('succeeded');
    expect(await progress.getByTestId('count-succeeded').getAttribute('data-count')).toBe('1');
    const result = progress.getByTestId('agent-task-row');
    await expect.poll(attr(result, 'data-status'), WAIT).toBe('succeeded');
    await expect
      .poll(() => result.getByTestId('agent-task-outcome').textContent(), WAIT)
      .toBe('exit 0: hello from the e2e agent');
    expect(await result.getByTestId('asset-link').getAttribute('data-asset-id')).toBe(assetId);
    await page.getByTestId('run-task-close').click();
  });

  it('revokes the agent after confirming: it is disconnected and shown revoked', async (ctx) => {
    if (skipReason || !server || !agentId) return ctx.skip(skipReason ?? 'no agent');
    await row().getByTestId('agent-revoke').click();
    await page.getByTestId('confirm-modal').waitFor();
    const [revoked] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/agents/${agentId}/revoke`)),
      page.getByTestId('confirm-button').click(),
    ]);
    expect(revoked.status()).toBe(200);
    await expect.poll(attr(row(), 'data-status'), WAIT).toBe('revoked');
    await expect.poll(() => row().getByTestId('agent-presence').textContent(), WAIT).toBe('revoked');
    expect(await row().getByTestId('agent-revoke').count()).toBe(0);
    await expect.poll(attr(page.getByTestId('stat-online'), 'data-online'), WAIT).toBe('0');
    const view = await api.get<AgentView>(`/api/v1/agents/${agentId}`);
    expect(view).toMatchObject({ status: 'revoked', online: false });
    expect(await api.get<AgentStats>('/api/v1/agents/stats')).toMatchObject({ enrolled: 0, online: 0 });

    // The asset's panel says so too, and offers no more inventory.
    await row().getByTestId('agent-hostname').click();
    const panel = page.getByTestId('agent-panel');
    await expect.poll(attr(panel, 'data-status'), WAIT).toBe('revoked');
    expect(await panel.getByTestId('inventory-now').count()).toBe(0);

    // A task for the now unreachable device waits in the queue; it is cancelled from its history.
    const request = await api.post<{ id: string }>('/api/v1/agent-task-requests', {
      type: 'lock',
      target: { assetIds: [assetId] },
    });
    await page.reload();
    const queued = page
      .getByTestId('agent-panel')
      .locator('[data-testid="agent-task-row"][data-type="lock"]');
    await expect.poll(attr(queued.first(), 'data-status'), WAIT).toBe('queued');
    await queued.first().getByTestId('agent-task-cancel').click();
    await expect.poll(attr(queued.first(), 'data-status'), WAIT).toBe('cancelled');
    expect(await queued.first().getByTestId('agent-task-cancel').count()).toBe(0);
    const tasks = await api.get<{ items: { status: string }[] }>(
      `/api/v1/agent-tasks?requestId=${request.id}`,
    );
    expect(tasks.items.map((t) => t.status)).toEqual(['cancelled']);
  });
});
