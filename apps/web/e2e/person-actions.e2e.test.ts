// Browser test of connector actions on a person: an Okta instance synced, then from the person's page Okta's
// suspend and unsuspend (non-destructive, run at once), deactivate only after its confirmation, and the
// built-in Okta suspend preset (offered because it acts on a person), each visible in the Okta simulator and
// in the person's action history by title and instance name — which outlives the instance. Against the real
// server (a separate process) and the Okta simulator running in this process.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startOktaSimulator,
  type OktaSimulator,
  type OktaUserState,
} from '@steward/connector-okta/simulator';
import { simulatedFleet } from '@steward/sdk/simulator';
import { adminToken, apiClient, type ApiClient } from './api.js';
import { ADMIN, assertWebBuilt, chromiumOrSkipReason, launch, newPage, signIn, WAIT } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const target = chromiumOrSkipReason();
const skipReason = 'skip' in target ? target.skip : null;
const PRESET = 'builtin.okta.suspend';
const INSTANCE_NAME = 'Okta e2e';

interface Run {
  id: string;
  status: string;
}

describe('web UI: connector actions on a person', { timeout: 120_000 }, () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let sim: OktaSimulator | undefined;
  let page: Page;
  let api: ApiClient;
  let token = '';
  let oktaId = '';
  let personId = '';
  let user: OktaUserState;
  const pageErrors: string[] = [];

  const card = () => page.locator('[data-testid="connector-actions"][data-kind="person"]');
  const okta = () =>
    card().locator(`[data-testid="connector-actions-instance"][data-instance-id="${oktaId}"]`);
  const lifecycleCalls = () =>
    sim!.server.requests.filter((r) => r.path.includes('/lifecycle/')).map((r) => `${r.path} ${r.status}`);
  const history = () =>
    card()
      .getByTestId('action-history-row')
      .evaluateAll((rows) =>
        rows.map((row) => ({
          action: (row as HTMLElement).dataset.action,
          status: (row as HTMLElement).dataset.status,
          title: row.querySelector('[data-testid="action-history-title"]')?.textContent,
          instance: row.querySelector('[data-testid="action-history-instance"]')?.textContent,
        })),
      );

  beforeAll(async () => {
    if (!('path' in target)) return;
    assertWebBuilt();
    server = await startServer(ADMIN);
    token = await adminToken(server.url, ADMIN);
    api = apiClient(server.url, token);
    sim = await startOktaSimulator({ fleet: simulatedFleet({ devices: 10, seed: 7 }) });
    oktaId = (
      await api.post<{ id: string }>('/api/v1/connector-instances', {
        connectorId: 'okta',
        name: INSTANCE_NAME,
        config: { baseUrl: sim.server.url, pageSize: 200 },
        secrets: { apiToken: sim.apiToken },
      })
    ).id;
    const run = await api.post<Run>(`/api/v1/connector-instances/${oktaId}/syncs`, {});
    for (let i = 0; ; i++) {
      const now = await api.get<Run>(`/api/v1/connector-runs/${run.id}`);
      if (now.status === 'succeeded') break;
      if (now.status === 'failed' || i > 150) throw new Error(`the Okta sync ended ${now.status}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const active = sim.state.users.find((u) => u.status === 'ACTIVE');
    if (!active) throw new Error('no ACTIVE Okta user in the fleet');
    user = active;
    const found = await api.get<{ items: { id: string }[] }>(
      `/api/v1/people?q=${encodeURIComponent(user.person.email)}`,
    );
    personId = found.items[0]?.id ?? '';
    if (!personId) throw new Error(`no person for ${user.person.email}`);
    browser = await launch(target.path);
    page = await newPage(browser, pageErrors);
    await signIn(page, server.url, `/people/${personId}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await sim?.server.close();
    expect(pageErrors).toEqual([]);
  });

  it('suspends and unsuspends the person in Okta, named in the history by title and instance', async (ctx) => {
    if (skipReason || !server || !sim) return ctx.skip(skipReason ?? 'no server');
    await okta().waitFor();
    expect(await okta().textContent()).toContain(`record ${user.id}`);
    expect(await card().getByTestId('action-history-empty').textContent()).toContain('this person');

    await okta().getByTestId('action-suspend').click();
    const result = card().getByTestId('action-result');
    await result.waitFor();
    await expect.poll(() => result.getAttribute('data-status'), WAIT).toBe('succeeded');
    expect(await result.textContent()).toContain(`Suspend Okta user · ${INSTANCE_NAME}`);
    expect(user.status).toBe('SUSPENDED');
    expect(lifecycleCalls()).toEqual([`/api/v1/users/${user.id}/lifecycle/suspend 200`]);
    await expect
      .poll(history, WAIT)
      .toEqual([
        { action: 'suspend', status: 'succeeded', title: 'Suspend Okta user', instance: INSTANCE_NAME },
      ]);

    await okta().getByTestId('action-unsuspend').click();
    await expect.poll(() => user.status, WAIT).toBe('ACTIVE');
    await expect
      .poll(async () => (await history()).map((h) => h.title), WAIT)
      .toEqual(['Unsuspend Okta user', 'Suspend Okta user']);
  });

  it('deactivates only once confirmed: cancelling sends nothing', async (ctx) => {
    if (skipReason || !server || !sim) return ctx.skip(skipReason ?? 'no server');
    const before = lifecycleCalls().length;
    const name = await page.getByTestId('person-title').textContent();
    await okta().getByTestId('action-deactivate').click();
    const dialog = page.getByTestId('action-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('action-destructive-warning').textContent()).toContain(
      `Deactivate Okta user on ${name}`,
    );
    expect(await dialog.getByTestId('action-submit').isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(lifecycleCalls().length).toBe(before);
    expect(user.status).toBe('ACTIVE');
  });

  it('offers the person presets of Okta and runs one, recorded under the preset’s name', async (ctx) => {
    if (skipReason || !server || !sim) return ctx.skip(skipReason ?? 'no server');
    const presets = card().locator(`[data-testid="instance-presets"][data-instance-id="${oktaId}"]`);
    await presets.waitFor();
    expect(
      await presets
        .getByTestId('instance-preset')
        .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.presetId)),
    ).toContain(PRESET);
    await presets.locator(`[data-preset-id="${PRESET}"]`).click();
    const dialog = page.getByTestId('preset-run-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('run-entity').count()).toBe(0);
    await dialog.getByTestId('run-submit').click();
    const result = dialog.getByTestId('run-result');
    await expect.poll(() => result.getAttribute('data-status'), WAIT).toBe('succeeded');
    expect(user.status).toBe('SUSPENDED');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await history())[0], WAIT)
      .toEqual({
        action: `preset:${PRESET}`,
        status: 'succeeded',
        title: 'Okta: suspend user',
        instance: INSTANCE_NAME,
      });
  });

  it('keeps the instance’s name in the history after the instance is deleted', async (ctx) => {
    if (skipReason || !server || !sim) return ctx.skip(skipReason ?? 'no server');
    const res = await fetch(`${server.url}/api/v1/connector-instances/${oktaId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(204);
    await page.reload();
    await card().getByTestId('connector-actions-empty').waitFor();
    await expect
      .poll(async () => (await history()).map((h) => `${h.title} | ${h.instance}`), WAIT)
      .toEqual([
        `Okta: suspend user | ${INSTANCE_NAME} (deleted)`,
        `Unsuspend Okta user | ${INSTANCE_NAME} (deleted)`,
        `Suspend Okta user | ${INSTANCE_NAME} (deleted)`,
      ]);
  });
});
