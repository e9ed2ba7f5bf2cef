// Browser test of Purchasing: an order posted through the API, opened in the UI and received by scanning
// serials (on the order page and at the dock), against the real server driven through Chromium.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, apiClient, type ApiClient } from './api.js';
import { ADMIN, assertWebBuilt, chromiumOrSkipReason, launch, newPage, signIn, WAIT } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const target = chromiumOrSkipReason();
const skipReason = 'skip' in target ? target.skip : null;

interface Order {
  id: string;
  status: string;
  receivedQuantity: number;
  lines: { lineNumber: number; receivedQuantity: number; assetIds: string[] }[];
}
interface Asset {
  id: string;
  serialNumber: string | null;
  lifecycleState: string;
}

describe('web UI: purchase orders and receiving', { timeout: 60_000 }, () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let api: ApiClient;
  let order: Order;
  const pageErrors: string[] = [];

  const result = (serial: string) => page.locator(`[data-testid="receive-result"][data-serial="${serial}"]`);
  const statusOf = (serial: string) => result(serial).getAttribute('data-status');
  const line = (n: number) => page.locator(`[data-testid="po-line"][data-line="${n}"]`);

  beforeAll(async () => {
    if (!('path' in target)) return;
    assertWebBuilt();
    server = await startServer(ADMIN);
    api = apiClient(server.url, await adminToken(server.url, ADMIN));
    // Line 1: both serials known. Line 2: one known, one unit awaiting its serial.
    order = await api.post<Order>('/api/v1/purchase-orders', {
      vendor: 'E2E Supply',
      poNumber: 'PO-E2E-1',
      orderedAt: '2025-03-01',
      expectedAt: '2025-03-10',
      lines: [
        {
          lineNumber: 1,
          manufacturer: 'Lenovo',
          model: 'ThinkPad T14',
          deviceType: 'laptop',
          quantity: 2,
          unitPrice: 1200,
          serials: ['E2E-KNOWN-1', 'E2E-KNOWN-2'],
        },
        {
          lineNumber: 2,
          manufacturer: 'Dell',
          model: 'U2723QE',
          kind: 'accessory',
          deviceType: 'monitor',
          quantity: 2,
          serials: ['E2E-KNOWN-3'],
        },
      ],
    });
    browser = await launch(target.path);
    page = await newPage(browser, pageErrors);
    await signIn(page, server.url, '/purchasing');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the order and opens it with its lines and units', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    const row = page.locator('[data-testid="po-row"][data-po-number="PO-E2E-1"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('E2E Supply');
    expect(await row.getByTestId('received-count').getAttribute('data-ordered')).toBe('4');
    expect(await row.getByTestId('po-status').getAttribute('data-status')).toBe('open');

    await row.click();
    await page.waitForURL(`${server.url}/purchasing/${order.id}`);
    expect(await page.getByTestId('po-title').textContent()).toBe('PO-E2E-1');
    await expect.poll(() => page.getByTestId('po-line').count(), WAIT).toBe(2);
    expect(await line(1).getAttribute('data-ordered')).toBe('2');
    expect(await line(2).getAttribute('data-received')).toBe('0');

    // The units link to their assets; the one awaiting its serial says so.
    await line(2).getByTestId('po-line-units-toggle').click();
    const units = page.locator('[data-testid="po-units"][data-line="2"] [data-testid="po-unit"]');
    await expect.poll(() => units.count(), WAIT).toBe(2);
    await expect
      .poll(() => units.evaluateAll((els) => els.map((e) => e.getAttribute('data-serial')).sort()), WAIT)
      .toEqual(['', 'E2E-KNOWN-3']);
    const href = await units.first().locator('a').getAttribute('href');
    expect(order.lines[1]!.assetIds.map((id) => `/assets/${id}`)).toContain(href);
  });

  it('receives scanned serials: a known one, a new one and an unknown one', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    const scan = page.getByTestId('scan-input');
    // A scanner types the serial and presses Enter; case and spaces do not matter.
    for (const s of [' e2e-known-1 ', 'NEW-SERIAL-9', 'NOPE-404']) {
      await scan.fill(s);
      await scan.press('Enter');
    }
    // A double scan of a waiting serial is not queued twice.
    await scan.fill('NOPE-404');
    await scan.press('Enter');
    expect(await page.getByTestId('scan-notice').textContent()).toContain('already on the list');
    await expect.poll(() => page.getByTestId('receive-result').count(), WAIT).toBe(3);
    expect(await statusOf('E2E-KNOWN-1')).toBe('pending');
    expect(await page.getByTestId('scan-submit').textContent()).toBe('Receive 3 serials');

    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/purchase-orders/${order.id}/receive`)),
      page.getByTestId('scan-submit').click(),
    ]);
    expect(answer.status()).toBe(200);
    expect(answer.request().postDataJSON()).toEqual({ serials: ['E2E-KNOWN-1', 'NEW-SERIAL-9', 'NOPE-404'] });

    await expect.poll(() => statusOf('E2E-KNOWN-1'), WAIT).toBe('received');
    expect(await statusOf('NEW-SERIAL-9')).toBe('received');
    expect(await statusOf('NOPE-404')).toBe('unmatched');
    // Unmatched is said in words, with the server's reason, not by colour alone.
    expect(await result('NOPE-404').getByTestId('receive-status').textContent()).toBe('Not matched');
    expect(await result('NOPE-404').getByTestId('receive-reason').textContent()).toMatch(/\S/);
    expect(await page.getByTestId('tally-received').getAttribute('data-count')).toBe('2');
    expect(await page.getByTestId('tally-unmatched').getAttribute('data-count')).toBe('1');

    // The counts follow, on the order and on each line.
    const received = page.getByTestId('po-received');
    await expect.poll(() => received.getAttribute('data-received'), WAIT).toBe('2');
    expect(await page.getByTestId('po-header').getAttribute('data-status')).toBe('partially_received');
    await expect.poll(() => line(1).getAttribute('data-received'), WAIT).toBe('1');
    await expect.poll(() => line(2).getAttribute('data-received'), WAIT).toBe('1');

    // The new serial went on line 2's unit that had none, now received.
    const newId = await result('NEW-SERIAL-9').getAttribute('data-asset-id');
    expect(order.lines[1]!.assetIds).toContain(newId);
    const asset = await api.get<Asset>(`/api/v1/assets/${newId}`);
    expect(asset).toMatchObject({ serialNumber: 'NEW-SERIAL-9', lifecycleState: 'received' });
    await expect
      .poll(
        () =>
          page
            .locator(`[data-testid="po-unit"][data-asset-id="${newId}"]`)
            .getAttribute('data-serial')
            .catch(() => null),
        WAIT,
      )
      .toBe('NEW-SERIAL-9');

    // Scanning it again says it is already received.
    await scan.fill('E2E-KNOWN-1');
    await scan.press('Enter');
    await page.getByTestId('scan-submit').click();
    await expect
      .poll(
        () =>
          page
            .locator('[data-testid="receive-result"][data-serial="E2E-KNOWN-1"]')
            .evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))),
        WAIT,
      )
      .toEqual(['already_received', 'received']);
  });

  it('receives at the dock without knowing the order, and the list shows the new counts', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    await page.getByTestId('back-to-purchasing').click();
    await page.getByTestId('open-receiving').click();
    await page.waitForURL(`${server.url}/purchasing/receiving`);
    await page.getByTestId('scan-auto').check({ force: true });
    const scan = page.getByTestId('scan-input');
    await scan.fill('E2E-KNOWN-2');
    await scan.press('Enter');
    // Received at once (the switch is on), linked to its order.
    await expect.poll(() => statusOf('E2E-KNOWN-2'), WAIT).toBe('received');
    expect(await result('E2E-KNOWN-2').locator(`a[href="/purchasing/${order.id}"]`).count()).toBe(1);

    const fresh = await api.get<Order>(`/api/v1/purchase-orders/${order.id}`);
    expect(fresh.receivedQuantity).toBe(3);
    await page.getByRole('link', { name: 'Purchasing' }).first().click();
    const row = page.locator('[data-testid="po-row"][data-po-number="PO-E2E-1"]');
    await expect.poll(() => row.getByTestId('received-count').getAttribute('data-received'), WAIT).toBe('3');
    expect(await row.getByTestId('po-status').getAttribute('data-status')).toBe('partially_received');
    expect(pageErrors).toEqual([]);
  });
});
