// Browser test of attestation: a campaign started in the UI, a person's public link answered in a page
// without a session, the report following, and the refusals (answered twice, campaign closed).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, apiClient, type ApiClient } from './api.js';
import { ADMIN, assertWebBuilt, chromiumOrSkipReason, launch, newPage, signIn, WAIT } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const target = chromiumOrSkipReason();
const skipReason = 'skip' in target ? target.skip : null;
const TAG = 'e2e-attest';

interface Created {
  id: string;
  name: string;
}

describe('web UI: attestation campaigns and the public response page', { timeout: 60_000 }, () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let api: ApiClient;
  const people = new Map<string, string>();
  const assets = new Map<string, string>();
  const links = new Map<string, string>();
  const pageErrors: string[] = [];

  /** A page of its own (no cookies: nobody is signed in), as the person opening their link. */
  async function asThePerson(link: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser!.newContext();
    const p = await context.newPage();
    p.setDefaultTimeout(WAIT.timeout);
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await p.goto(link);
    return { context, page: p };
  }
  const assetCard = (p: Page, name: string) =>
    p.locator(`[data-testid="attest-asset"][data-asset-id="${assets.get(name)}"]`);
  const count = (testId: string) => page.getByTestId(testId).getAttribute('data-count');

  beforeAll(async () => {
    if (!('path' in target)) return;
    assertWebBuilt();
    server = await startServer(ADMIN);
    api = apiClient(server.url, await adminToken(server.url, ADMIN));
    for (const p of [
      { name: 'Ada Lovelace', email: 'ada@example.com' },
      { name: 'Grace Hopper', email: 'grace@example.com' },
    ])
      people.set(p.name, (await api.post<Created>('/api/v1/people', p)).id);
    // Ada holds two tagged laptops, Grace one tagged phone and one untagged (outside the campaign).
    const holdings: [string, string, boolean][] = [
      ['Ada laptop 1', 'Ada Lovelace', true],
      ['Ada laptop 2', 'Ada Lovelace', true],
      ['Grace phone', 'Grace Hopper', true],
      ['Grace untagged tablet', 'Grace Hopper', false],
    ];
    for (const [name, person, tagged] of holdings) {
      const a = await api.post<Created>('/api/v1/assets', {
        kind: 'device',
        name,
        serialNumber: name.toUpperCase().replace(/\W+/g, '-'),
        lifecycleState: 'in_stock',
        tags: tagged ? [TAG] : [],
      });
      assets.set(name, a.id);
      await api.post(`/api/v1/assets/${a.id}/assign`, { personId: people.get(person) });
    }
    // Assigned to nobody: never asked.
    await api.post('/api/v1/assets', { kind: 'device', name: 'Spare laptop', tags: [TAG] });
    browser = await launch(target.path);
    page = await newPage(browser, pageErrors);
    await signIn(page, server.url, '/attestation');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('starts a campaign scoped by tag and shows who has not answered, with their links', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    await page.getByTestId('campaigns-empty').waitFor();
    await page.getByTestId('campaign-new').click();
    await page.getByTestId('campaign-name').fill('Spring attestation');
    // Every assigned asset at first; then only the tagged ones.
    await expect.poll(() => page.getByTestId('campaign-matching').getAttribute('data-count'), WAIT).toBe('4');
    const tags = page.getByTestId('campaign-filter-tags');
    await tags.fill(TAG);
    await tags.press('Enter');
    await expect.poll(() => page.getByTestId('campaign-matching').getAttribute('data-count'), WAIT).toBe('3');
    await page.getByTestId('campaign-reminder').fill('3');

    const [created] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/attestations/campaigns') && r.request().method() === 'POST',
      ),
      page.getByTestId('campaign-submit').click(),
    ]);
    expect(created.status()).toBe(201);
    const body = created.request().postDataJSON() as { filters: unknown[]; reminderEveryDays: number };
    expect(body.filters).toEqual([{ field: 'tags', op: 'in', value: [TAG] }]);
    expect(body.reminderEveryDays).toBe(3);

    await page.getByTestId('campaign-report').waitFor();
    expect(await page.getByTestId('campaign-title').textContent()).toBe('Spring attestation');
    await expect.poll(() => count('report-people'), WAIT).toBe('2');
    expect(await count('report-responded')).toBe('0');
    expect(await count('report-pending')).toBe('2');
    const rows = page.getByTestId('not-answered-row');
    expect(
      await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-person-name')).sort()),
    ).toEqual(['Ada Lovelace', 'Grace Hopper']);
    for (const name of people.keys()) {
      const row = page.locator(`[data-testid="not-answered-row"][data-person-name="${name}"]`);
      expect(await row.getByTestId('reminders-sent').textContent()).toBe('0');
      const link = (await row.getByTestId('copy-link').getAttribute('data-link')) ?? '';
      expect(link).toMatch(/\/attest\/\S{10,}$/);
      links.set(name, link);
    }

    // Listed among the campaigns.
    await page.getByRole('link', { name: 'Attestation' }).first().click();
    const listed = page.locator('[data-testid="campaign-row"][data-campaign-name="Spring attestation"]');
    await listed.waitFor();
    expect(await listed.getByTestId('campaign-status').getAttribute('data-status')).toBe('open');
    await listed.click();
    await page.getByTestId('campaign-report').waitFor();
  });

  it('lets a person answer from their link without signing in, once', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    const ada = await asThePerson(links.get('Ada Lovelace')!);
    // The same link open in a second tab, which will answer too late.
    const again = await asThePerson(links.get('Ada Lovelace')!);
    try {
      const p = ada.page;
      await p.getByTestId('attest-page').waitFor();
      await expect.poll(() => p.getByTestId('attest-asset').count(), WAIT).toBe(2);
      expect(await p.getByTestId('attest-page').textContent()).toContain('Ada Lovelace');
      expect(await p.getByTestId('attest-submit').isDisabled()).toBe(true);

      await assetCard(p, 'Ada laptop 1').getByTestId('answer-holds').click();
      await assetCard(p, 'Ada laptop 2').getByTestId('answer-not-held').click();
      await assetCard(p, 'Ada laptop 2').getByTestId('answer-note').fill('Returned to IT in March');
      const [answer] = await Promise.all([
        p.waitForResponse((r) => r.url().includes('/api/v1/attestations/respond/')),
        p.getByTestId('attest-submit').click(),
      ]);
      expect(answer.status()).toBe(204);
      expect(answer.request().postDataJSON()).toEqual({
        responses: [
          { assetId: assets.get('Ada laptop 1'), holds: true },
          { assetId: assets.get('Ada laptop 2'), holds: false, note: 'Returned to IT in March' },
        ],
      });
      await p.getByTestId('attest-done').waitFor();

      // Opened again, the link says it was answered.
      await p.reload();
      await p.getByTestId('attest-already').waitFor();
      expect(await p.getByTestId('attest-asset').count()).toBe(0);

      // The other tab answers after that: the server's 409 is shown, not a generic failure.
      const q = again.page;
      await q.getByTestId('attest-all-holds').click();
      await q.getByTestId('attest-submit').click();
      await expect
        .poll(() => q.getByTestId('attest-conflict').textContent(), WAIT)
        .toContain('already answered');
      expect(await q.getByTestId('attest-submit').count()).toBe(0);
    } finally {
      await ada.context.close();
      await again.context.close();
    }
  });

  it('shows the answer in the report: one responded, the disputed asset linked', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    await page.getByTestId('report-refresh').click();
    await expect.poll(() => count('report-responded'), WAIT).toBe('1');
    expect(await count('report-pending')).toBe('1');
    expect(await count('report-confirmed')).toBe('1');
    expect(await count('report-disputed')).toBe('1');
    const dispute = page.getByTestId('dispute-row');
    await expect.poll(() => dispute.count(), WAIT).toBe(1);
    expect(await dispute.getAttribute('data-asset-id')).toBe(assets.get('Ada laptop 2'));
    expect(await dispute.getByTestId('dispute-note').textContent()).toBe('Returned to IT in March');
    await expect.poll(() => dispute.getByTestId('person-name').textContent(), WAIT).toBe('Ada Lovelace');
    const assetLink = dispute.getByTestId('asset-link');
    await expect.poll(() => assetLink.textContent(), WAIT).toBe('Ada laptop 2');
    expect(
      await page
        .getByTestId('not-answered-row')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-person-name'))),
    ).toEqual(['Grace Hopper']);

    // The dispute leads to the asset's page.
    await assetLink.click();
    await page.waitForURL(`${server.url}/assets/${assets.get('Ada laptop 2')}`);
    expect(await page.getByTestId('asset-title').textContent()).toBe('Ada laptop 2');
    await page.goBack();
    await page.getByTestId('campaign-report').waitFor();
  });

  it('closes the campaign, after which a link is refused', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    await page.getByTestId('campaign-close').click();
    await page.getByTestId('confirm-button').click();
    await expect
      .poll(() => page.getByTestId('campaign-status').getAttribute('data-status'), WAIT)
      .toBe('closed');
    expect(await page.getByTestId('campaign-close').count()).toBe(0);
    expect(await page.getByTestId('copy-link').count()).toBe(0);

    const grace = await asThePerson(links.get('Grace Hopper')!);
    try {
      const p = grace.page;
      await expect.poll(() => p.getByTestId('attest-asset').count(), WAIT).toBe(1);
      await p.getByTestId('answer-holds').click();
      await p.getByTestId('attest-submit').click();
      await expect.poll(() => p.getByTestId('attest-conflict').textContent(), WAIT).toContain('closed');
    } finally {
      await grace.context.close();
    }
    // A link that was never issued does not work.
    const bogus = await asThePerson(`${server.url}/attest/not-a-real-token-at-all`);
    try {
      await bogus.page.getByTestId('attest-error').waitFor();
    } finally {
      await bogus.context.close();
    }
    expect(pageErrors).toEqual([]);
  });
});
