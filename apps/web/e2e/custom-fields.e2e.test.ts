// Browser test of Settings → Custom fields: an admin defines a field, the Assets page offers it, and
// deleting it removes it again, against the real server.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, apiClient, type ApiClient } from './api.js';
import { ADMIN, assertWebBuilt, chromiumOrSkipReason, launch, newPage, signIn, WAIT } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const target = chromiumOrSkipReason();
const skipReason = 'skip' in target ? target.skip : null;

interface Field {
  key: string;
  label: string;
  type: string;
  values: string[] | null;
  required: boolean;
  entityType: string;
}

describe('web UI: custom fields in Settings', { timeout: 60_000 }, () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let api: ApiClient;
  const pageErrors: string[] = [];
  const fields = async (entityType: string) =>
    (await api.get<{ items: Field[] }>(`/api/v1/custom-fields?entityType=${entityType}`)).items;

  beforeAll(async () => {
    if (!('path' in target)) return;
    assertWebBuilt();
    server = await startServer(ADMIN);
    api = apiClient(server.url, await adminToken(server.url, ADMIN));
    browser = await launch(target.path);
    page = await newPage(browser, pageErrors);
    await signIn(page, server.url, '/settings/custom-fields');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('defines an enum field on assets, offered as a column on the Assets page, then deletes it', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    await page.getByTestId('cf-empty').waitFor();
    await page.getByTestId('cf-label').fill('Cost centre');
    // The key follows the label until it is edited.
    expect(await page.getByTestId('cf-key').inputValue()).toBe('cost_centre');
    await page.getByTestId('cf-type').click();
    await page.getByRole('option', { name: 'One of a list', exact: true }).click();
    expect(await page.getByTestId('cf-create-submit').isDisabled()).toBe(true);
    for (const v of ['CC-100', 'CC-200']) {
      await page.getByTestId('cf-values').fill(v);
      await page.getByTestId('cf-values').press('Enter');
    }
    await page.getByTestId('cf-create-submit').click();
    const row = page.locator('[data-testid="cf-row"][data-cf-key="cf_cost_centre"]');
    await row.waitFor();
    expect(await fields('asset')).toMatchObject([
      {
        key: 'cf_cost_centre',
        label: 'Cost centre',
        type: 'enum',
        values: ['CC-100', 'CC-200'],
        required: false,
      },
    ]);
    expect(await fields('person')).toEqual([]);

    // A bad key is caught before it is sent.
    await page.getByTestId('cf-label').fill('Other');
    await page.getByTestId('cf-key').fill('Bad Key');
    expect(await page.getByTestId('cf-create-submit').isDisabled()).toBe(true);

    // People have their own fields.
    await page.getByTestId('cf-entity').getByText('People').click();
    await page.getByTestId('cf-empty').waitFor();
    await page.getByTestId('cf-entity').getByText('Assets').click();
    await row.waitFor();

    await page.getByTestId('nav-assets').click();
    await page.getByTestId('column-chooser').click();
    await page.getByTestId('column-toggle-cf_cost_centre').waitFor();
    await page.keyboard.press('Escape');

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-tab-custom-fields').click();
    await row.getByTestId('cf-delete').click();
    await page.getByTestId('confirm-button').click();
    await page.getByTestId('cf-empty').waitFor();
    await expect.poll(() => fields('asset'), WAIT).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
