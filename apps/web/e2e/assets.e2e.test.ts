// Browser test of the Assets area, the asset page, bulk actions and saved views, against the real server
// (a separate process) with ~300 seeded assets, driven through Debian's Chromium.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminToken, apiClient, inBatches, type ApiClient } from './api.js';
import { ROOT, startServer, type RunningServer } from './server.js';

const ADMIN = { email: 'admin@example.com', password: 'a long password 1' };
const BROWSER_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'];
const QUIET_ARGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT = { timeout: 15_000 };
const ASSET_COUNT = 300;
// Seeded round-robin, so every third asset shares a state: 000 in_stock, 001 deployed, 002 ordered, ….
const STATES = ['in_stock', 'deployed', 'ordered'] as const;
const TYPES = ['laptop', 'desktop', 'phone'] as const;
const OS = ['macOS', 'Windows', 'iOS'] as const;
const nameOf = (i: number) => `E2E Asset ${String(i).padStart(3, '0')}`;

interface Asset {
  id: string;
  name: string;
  lifecycleState: string;
  tags: string[];
  assignedPersonId: string | null;
}
interface SearchBody {
  sort: { field: string; direction: string };
  limit: number;
  cursor?: string;
  count?: boolean;
  filters: unknown[];
  search?: string;
}

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

// Generous per-test time: each test drives several server round trips, and CI machines can be busy.
describe('web UI: assets, the asset page, bulk actions and saved views', { timeout: 60_000 }, () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let api: ApiClient;
  const ids = new Map<string, string>();
  let ada = '';
  const pageErrors: string[] = [];
  const searches: SearchBody[] = [];

  const total = () => page.getByTestId('assets-total').getAttribute('data-total');
  const row = (name: string) => page.locator(`[data-testid="asset-row"][data-asset-name="${name}"]`);
  const countWhere = async (filters: unknown[]) =>
    (
      await api.post<{ total: number }>('/api/v1/assets/search', {
        filters,
        sort: { field: 'name', direction: 'asc' },
        limit: 1,
        count: true,
      })
    ).total;

  beforeAll(async () => {
    if (!('path' in target)) return;
    if (!existsSync(path.join(ROOT, 'apps/web/dist/index.html')))
      throw new Error('apps/web/dist is not built.');
    server = await startServer(ADMIN);
    api = apiClient(server.url, await adminToken(server.url, ADMIN));

    const started = Date.now();
    const created = await inBatches(
      Array.from({ length: ASSET_COUNT }, (_, i) => i),
      25,
      (i) =>
        api.post<Asset>('/api/v1/assets', {
          kind: 'device',
          name: nameOf(i),
          serialNumber: `E2ESN${String(i).padStart(5, '0')}`,
          assetTag: `E2E-${i}`,
          deviceType: TYPES[i % 3],
          osName: OS[i % 3],
          model: 'MacBook Pro 14',
          lifecycleState: STATES[i % 3],
        }),
    );
    for (const a of created) ids.set(a.name, a.id);
    const people = await inBatches(
      [
        { name: 'Ada Lovelace', email: 'ada@example.com', department: 'Engineering' },
        { name: 'Grace Hopper', email: 'grace@example.com', department: 'Engineering' },
        { name: 'Alan Turing', email: 'alan@example.com', department: 'Research' },
      ],
      3,
      (p) => api.post<{ id: string; name: string }>('/api/v1/people', p),
    );
    ada = people.find((p) => p.name === 'Ada Lovelace')!.id;
    console.log(`[assets e2e] seeded ${ASSET_COUNT} assets and 3 people in ${Date.now() - started} ms`);

    browser = await chromium.launch({ executablePath: target.path, args: [...BROWSER_ARGS, ...QUIET_ARGS] });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(WAIT.timeout);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('request', (r: Request) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/assets/search'))
        searches.push(r.postDataJSON() as SearchBody);
    });
    await page.goto(`${server.url}/login?next=%2Fassets`);
    await page.getByTestId('login-email').fill(ADMIN.email);
    await page.getByTestId('login-password').fill(ADMIN.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${server.url}/assets`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the total and a virtualised page of rows, and loads the next page on scroll', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    await row(nameOf(0)).waitFor();
    await expect.poll(total, WAIT).toBe(String(ASSET_COUNT));

    // One page was asked for, with the count; only the rows in view are in the DOM.
    expect(searches.length).toBeGreaterThanOrEqual(1);
    expect(searches[0]!.limit).toBeLessThanOrEqual(100);
    expect(searches[0]!.count).toBe(true);
    expect(searches[0]!.cursor).toBeUndefined();
    const inDom = await page.getByTestId('asset-row').count();
    expect(inDom).toBeGreaterThan(10);
    expect(inDom).toBeLessThan(60);
    expect(await row(nameOf(150)).count()).toBe(0);
    expect(await page.getByTestId('assets-status').getAttribute('data-loaded')).toBe('100');

    // Scrolling to the end of the loaded rows fetches the next page by cursor (without counting again).
    const scroller = page.getByTestId('assets-scroll');
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect.poll(() => page.getByTestId('assets-status').getAttribute('data-loaded'), WAIT).toBe('200');
    const second = searches.find((s) => s.cursor);
    expect(second).toBeDefined();
    expect(second!.count).toBe(false);
    // A row from the second page is reachable (rows are 40 px high).
    await scroller.evaluate((el) => el.scrollTo({ top: 150 * 40 }));
    await row(nameOf(150)).waitFor();
    expect(await page.getByTestId('asset-row').count()).toBeLessThan(60);
  });

  it('narrows the rows by lifecycle state and by free-text search', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    await page.getByTestId('filter-state').click();
    await page.getByRole('option', { name: 'Ordered', exact: true }).click();
    await page.keyboard.press('Escape');
    await expect.poll(total, WAIT).toBe('100');
    await row(nameOf(2)).waitFor();
    const states = await page
      .locator('[data-testid="asset-row"] [data-testid="state-badge"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    expect(states.length).toBeGreaterThan(5);
    expect(new Set(states)).toEqual(new Set(['ordered']));
    expect(await row(nameOf(0)).count()).toBe(0);

    // Words match by prefix: "02" finds 020–029, of which the ordered ones are 020, 023, 026, 029.
    await page.getByTestId('assets-search').fill('e2e 02');
    await expect.poll(total, WAIT).toBe('4');
    const names = await page
      .getByTestId('asset-row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-asset-name')));
    expect(names).toEqual([nameOf(20), nameOf(23), nameOf(26), nameOf(29)]);
    const last = searches.at(-1)!;
    expect(last.search).toBe('e2e 02');
    expect(last.filters).toEqual([{ field: 'lifecycleState', op: 'in', value: ['ordered'] }]);

    await page.getByTestId('filters-clear').click();
    await expect.poll(total, WAIT).toBe(String(ASSET_COUNT));
    expect(await page.getByTestId('assets-search').inputValue()).toBe('');

    // Sorting is the server's: a click on the header asks again in the other direction.
    const firstRow = () =>
      page.locator('[data-testid="asset-row"][data-index="0"]').getAttribute('data-asset-name');
    await page.getByTestId('sort-name').click();
    await expect.poll(firstRow, WAIT).toBe(nameOf(ASSET_COUNT - 1));
    expect(searches.at(-1)!.sort).toEqual({ field: 'name', direction: 'desc' });
    expect(await page.getByTestId('column-header-name').getAttribute('aria-sort')).toBe('descending');
    await page.getByTestId('sort-name').click();
    await expect.poll(firstRow, WAIT).toBe(nameOf(0));
  });

  it('opens an asset, moves it to deployed, assigns it, and shows an edit conflict', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    const name = nameOf(3);
    const id = ids.get(name)!;
    await row(name).click();
    await page.waitForURL(`${server.url}/assets/${id}`);
    const header = page.getByTestId('asset-header');
    await expect
      .poll(() => header.getByTestId('state-badge').getAttribute('data-state'), WAIT)
      .toBe('in_stock');
    expect(await page.getByTestId('asset-title').textContent()).toBe(name);

    // Only the moves the state machine allows from in_stock are offered.
    const offered = await page
      .getByTestId('transition-actions')
      .locator('button')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(offered).toEqual(
      ['deployed', 'in_repair', 'lost', 'stolen', 'retired'].map((s) => `transition-to-${s}`),
    );

    await page.getByTestId('transition-to-deployed').click();
    await page.getByTestId('transition-reason').fill('Handed over to a new starter');
    await page.getByTestId('transition-submit').click();
    await expect
      .poll(() => header.getByTestId('state-badge').getAttribute('data-state'), WAIT)
      .toBe('deployed');
    const event = page.locator('[data-testid="timeline-event"][data-action="asset.lifecycle_changed"]');
    await event.waitFor();
    expect(await event.getByTestId('timeline-reason').textContent()).toContain(
      'Handed over to a new starter',
    );
    expect(await event.locator('[data-field="lifecycleState"]').textContent()).toMatch(/in_stock.*deployed/);

    // Assign to Ada through the person picker; the acknowledgement link is shown once.
    await page.getByTestId('assign-open').click();
    await page.getByTestId('assign-person').fill('Ada');
    await page.getByRole('option', { name: /Ada Lovelace/ }).click();
    await page.getByTestId('assign-submit').click();
    const ack = page.getByTestId('ack-url');
    await ack.waitFor();
    const ackUrl = (await ack.textContent())?.trim() ?? '';
    expect(ackUrl).toMatch(/\/acknowledge\/\S+/);
    await page.getByTestId('ack-close').click();
    await page.getByTestId('ack-modal').waitFor({ state: 'detached' });
    await expect
      .poll(() => page.getByTestId('assignment-current').getByTestId('person-name').textContent(), WAIT)
      .toBe('Ada Lovelace');
    await expect.poll(() => page.getByTestId('assignment-row').count(), WAIT).toBe(1);
    await page.locator('[data-testid="timeline-event"][data-action="asset.assigned"]').waitFor();

    const stored = await api.get<Asset>(`/api/v1/assets/${id}`);
    expect(stored.lifecycleState).toBe('deployed');
    expect(stored.assignedPersonId).toBe(ada);

    // The assignee opens the link without an account and confirms receipt. (The link's token contains a
    // dot, which the server's page fallback currently takes for a file extension and answers 404; so the
    // page is reached by client-side navigation from another page of the app.)
    const visitor = await browser!.newContext();
    try {
      const outsider = await visitor.newPage();
      outsider.setDefaultTimeout(WAIT.timeout);
      await outsider.goto(`${server.url}/login`);
      await outsider.getByTestId('login-email').waitFor();
      await outsider.evaluate((to) => {
        window.history.pushState(null, '', to);
        window.dispatchEvent(new PopStateEvent('popstate'));
      }, new URL(ackUrl).pathname);
      await outsider.getByTestId('acknowledge-confirm').click();
      await outsider.getByTestId('acknowledge-done').waitFor();
    } finally {
      await visitor.close();
    }
    await page.reload();
    await expect
      .poll(() => page.getByTestId('assignment-ack').textContent(), WAIT)
      .toContain('Receipt confirmed');

    // Someone else edits the asset meanwhile: saving an inline edit shows the server's version conflict.
    await page.getByTestId('attr-edit-model').click();
    await api.post(`/api/v1/assets/${id}/transition`, { to: 'in_repair', reason: 'Screen cracked' });
    await page.getByTestId('attr-input-model').fill('MacBook Pro 16');
    await page.getByTestId('attr-save-model').click();
    await expect
      .poll(() => page.getByTestId('attr-error-model').textContent(), WAIT)
      .toMatch(/changed since you read it/);
    await page.getByTestId('attr-reload').click();
    await expect
      .poll(() => header.getByTestId('state-badge').getAttribute('data-state'), WAIT)
      .toBe('in_repair');
    await page.getByTestId('attr-edit-model').click();
    await page.getByTestId('attr-input-model').fill('MacBook Pro 16');
    await page.getByTestId('attr-save-model').click();
    await expect.poll(() => page.getByTestId('attr-value-model').textContent(), WAIT).toBe('MacBook Pro 16');
    expect((await api.get<{ model: string }>(`/api/v1/assets/${id}`)).model).toBe('MacBook Pro 16');
  });

  it('selects three rows with a shift-click and tags them in bulk; a bulk move reports what failed', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    await page.getByTestId('back-to-assets').click();
    await row(nameOf(0)).waitFor();
    await row(nameOf(0)).getByTestId('row-select').click();
    await row(nameOf(2))
      .getByTestId('row-select')
      .click({ modifiers: ['Shift'] });
    expect(await page.getByTestId('bulk-count').textContent()).toBe('3 selected');

    await page.getByTestId('bulk-tag').click();
    await page.getByTestId('bulk-tag-input').fill('refresh-2025');
    await page.getByTestId('bulk-submit').click();
    const summary = page.getByTestId('bulk-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('3 succeeded');
    expect(await page.getByTestId('bulk-progress').getAttribute('data-done')).toBe('3');
    await page.getByTestId('bulk-close').click();
    await expect.poll(() => page.getByTestId('bulk-bar').count(), WAIT).toBe(0);

    for (const i of [0, 1, 2]) {
      const a = await api.get<Asset>(`/api/v1/assets/${ids.get(nameOf(i))}`);
      expect(a.tags, nameOf(i)).toContain('refresh-2025');
    }
    expect((await api.get<Asset>(`/api/v1/assets/${ids.get(nameOf(4))}`)).tags).not.toContain('refresh-2025');

    // Moving 000 (in stock), 001 (deployed) and 002 (ordered) to "received": only 002 may go there.
    await row(nameOf(0)).getByTestId('row-select').click();
    await row(nameOf(2))
      .getByTestId('row-select')
      .click({ modifiers: ['Shift'] });
    await page.getByTestId('bulk-transition').click();
    await page.getByTestId('bulk-transition-to').click();
    await page.getByRole('option', { name: 'Received', exact: true }).click();
    await page.getByTestId('bulk-reason').fill('Goods-in check');
    await page.getByTestId('bulk-submit').click();
    await summary.waitFor();
    expect(await summary.textContent()).toContain('1 succeeded, 2 failed');
    const failures = page.getByTestId('bulk-failure');
    expect(await failures.count()).toBe(2);
    expect(await failures.evaluateAll((els) => els.map((e) => e.getAttribute('data-asset-id')))).toEqual([
      ids.get(nameOf(0)),
      ids.get(nameOf(1)),
    ]);
    expect(await failures.nth(0).getByTestId('bulk-failure-reason').textContent()).toContain(
      'cannot go from in_stock to received',
    );
    await page.getByTestId('bulk-close').click();
    // The failed ones stay selected for a retry.
    expect(await page.getByTestId('bulk-count').textContent()).toBe('2 selected');
    expect((await api.get<Asset>(`/api/v1/assets/${ids.get(nameOf(2))}`)).lifecycleState).toBe('received');
    await page.getByTestId('bulk-clear').click();
  });

  it('saves a view and lists it after a reload', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    const deployed = await countWhere([{ field: 'lifecycleState', op: 'in', value: ['deployed'] }]);
    await page.getByTestId('filter-state').click();
    await page.getByRole('option', { name: 'Deployed', exact: true }).click();
    await page.keyboard.press('Escape');
    await expect.poll(total, WAIT).toBe(String(deployed));

    const viewName = `Deployed devices ${Date.now()}`;
    await page.getByTestId('views-menu').click();
    await page.getByTestId('view-save-new').click();
    await page.getByTestId('view-name-input').fill(viewName);
    await page.getByTestId('view-name-submit').click();
    await expect
      .poll(() => page.getByTestId('views-menu').getAttribute('data-active-view'), WAIT)
      .toBe(viewName);

    await page.reload();
    await row(nameOf(1)).waitFor();
    // Back to every asset, then pick the saved view from the list: its filter comes back from the server.
    await page.getByTestId('views-menu').click();
    await page.getByTestId('view-all').click();
    await expect.poll(total, WAIT).toBe(String(ASSET_COUNT));
    await page.getByTestId('views-menu').click();
    const item = page.locator(`[data-testid="view-item"][data-view-name="${viewName}"]`);
    await item.waitFor();
    await item.click();
    await expect.poll(total, WAIT).toBe(String(deployed));
    expect(await page.getByTestId('views-menu').getAttribute('data-active-view')).toBe(viewName);
  });

  it('refuses disposal under legal hold and without a certificate, then disposes with one attached', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    const id = ids.get(nameOf(6))!;
    await page.goto(`${server.url}/assets/${id}`);
    const header = page.getByTestId('asset-header');
    const state = () => header.getByTestId('state-badge').getAttribute('data-state');
    await expect.poll(state, WAIT).toBe('in_stock');
    const move = async (to: string, reason: string, method?: string) => {
      await page.getByTestId(`transition-to-${to}`).click();
      if (method) {
        await page.getByTestId('transition-disposal').click();
        await page.getByRole('option', { name: method, exact: true }).click();
      }
      await page.getByTestId('transition-reason').fill(reason);
      await page.getByTestId('transition-submit').click();
    };
    await move('retired', 'End of life');
    await expect.poll(state, WAIT).toBe('retired');
    expect(
      await page
        .getByTestId('transition-actions')
        .locator('button')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid'))),
    ).toEqual(['transition-to-in_stock', 'transition-to-disposed']);

    // Legal hold (admin): disposal is refused with the server's message.
    await page.getByTestId('legal-hold-toggle').click();
    await page.getByTestId('legal-hold-reason').fill('Matter 2025-17');
    await page.getByTestId('legal-hold-submit').click();
    await page.getByTestId('asset-legal-hold').waitFor();
    await move('disposed', 'Recycle it', 'Recycled');
    await expect.poll(() => page.getByTestId('transition-error').textContent(), WAIT).toContain('legal hold');
    await page.keyboard.press('Escape');
    await page.getByTestId('legal-hold-toggle').click();
    await page.getByTestId('legal-hold-reason').fill('Matter closed');
    await page.getByTestId('legal-hold-submit').click();
    await page.getByTestId('asset-legal-hold').waitFor({ state: 'detached' });

    // Destruction needs a certificate: refused, then allowed once one is uploaded.
    await move('disposed', 'Shredded', 'Destroyed');
    await expect
      .poll(() => page.getByTestId('transition-error').textContent(), WAIT)
      .toContain('certificate of destruction');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="attachment-upload-form"] input[type="file"]').setInputFiles({
      name: 'certificate.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% certificate of destruction\n'),
    });
    await page.getByTestId('attachment-kind').click();
    await page.getByRole('option', { name: 'Certificate of destruction', exact: true }).click();
    await page.getByTestId('attachment-upload').click();
    const download = page.getByTestId('attachment-download');
    await download.waitFor();
    expect(await download.textContent()).toBe('certificate.pdf');
    const href = await download.getAttribute('href');
    const fetched = await page.evaluate(async (u) => (await fetch(u!)).text(), href);
    expect(fetched).toContain('certificate of destruction');

    await move('disposed', 'Shredded', 'Destroyed');
    await expect.poll(state, WAIT).toBe('disposed');
    expect(await page.getByTestId('transition-actions').count()).toBe(0);
    expect((await api.get<Asset & { disposalMethod: string }>(`/api/v1/assets/${id}`)).disposalMethod).toBe(
      'destroyed',
    );
  });

  it('lists people, shows a person with the assets they hold, and adds a person', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    await page.getByTestId('nav-people').click();
    await page.getByTestId('person-row').first().waitFor();
    expect(await page.getByTestId('person-row').count()).toBe(3);
    await page.getByTestId('people-search').fill('ad');
    await expect.poll(() => page.getByTestId('person-row').count(), WAIT).toBe(1);
    await page.locator('[data-testid="person-row"][data-person-name="Ada Lovelace"]').click();
    await page.waitForURL(`${server!.url}/people/${ada}`);
    await page.getByTestId('person-title').waitFor();
    const held = page.getByTestId('person-asset-row');
    await expect.poll(() => held.count(), WAIT).toBe(1);
    expect(await held.getAttribute('data-asset-id')).toBe(ids.get(nameOf(3)));
    await page.locator('[data-testid="timeline-event"][data-action="person.created"]').waitFor();

    await page.getByTestId('nav-people').click();
    await page.getByTestId('person-add').click();
    await page.getByTestId('person-name-input').fill('Katherine Johnson');
    await page.getByTestId('person-email-input').fill('katherine@example.com');
    await page.getByTestId('person-add-submit').click();
    await expect.poll(() => page.getByTestId('person-title').textContent(), WAIT).toBe('Katherine Johnson');
    // The person's assets load after the person: wait for the (empty) answer rather than race it.
    await page.getByTestId('person-assets-empty').waitFor();
    const found = await api.get<{ items: { name: string }[] }>('/api/v1/people?q=katherine');
    expect(found.items.map((p) => p.name)).toEqual(['Katherine Johnson']);
    expect(pageErrors).toEqual([]);
  });
});
