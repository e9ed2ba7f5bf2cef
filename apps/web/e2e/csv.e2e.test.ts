// Browser test of the Assets page's CSV import (dry run, column mapping, importing only the valid rows)
// and export (the current view's filter carried to the download), against the real server.
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, apiClient, inBatches, type ApiClient } from './api.js';
import { ADMIN, assertWebBuilt, chromiumOrSkipReason, launch, newPage, signIn, WAIT } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const target = chromiumOrSkipReason();
const skipReason = 'skip' in target ? target.skip : null;

interface Asset {
  id: string;
  name: string;
  memoryGb?: number | null;
  serialNumber?: string | null;
}
interface SearchPage {
  items: Asset[];
  total: number;
}

// "RAM" and "Colour" match no attribute: the import must let them be mapped (RAM → memory) or ignored.
// Line 3 (the header is line 1) has a memory that is not a number.
const CSV = [
  'Name,Serial Number,RAM,Colour',
  'CSV Import 1,CSVIMP001,16,silver',
  'CSV Import 2,CSVIMP002,lots,grey',
  'CSV Import 3,CSVIMP003,8,black',
  'CSV Import 4,CSVIMP004,32,white',
].join('\n');

/** A tiny CSV reader for the export (quoted cells, doubled quotes); enough for names and states. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describe('web UI: CSV import and export of assets', { timeout: 60_000 }, () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let api: ApiClient;
  const pageErrors: string[] = [];

  const search = (filters: unknown[], fields: string[] = ['name', 'memoryGb', 'serialNumber']) =>
    api.post<SearchPage>('/api/v1/assets/search', {
      filters,
      sort: { field: 'name', direction: 'asc' },
      limit: 500,
      fields,
      count: true,
    });
  const total = () => page.getByTestId('assets-total').getAttribute('data-total');

  beforeAll(async () => {
    if (!('path' in target)) return;
    assertWebBuilt();
    server = await startServer(ADMIN);
    api = apiClient(server.url, await adminToken(server.url, ADMIN));
    // 30 assets: every third deployed, the others in stock, so a filter has something to leave out.
    await inBatches(
      Array.from({ length: 30 }, (_, i) => i),
      10,
      (i) =>
        api.post('/api/v1/assets', {
          kind: 'device',
          name: `Seeded ${String(i).padStart(2, '0')}, "quoted"`,
          serialNumber: `SEED${i}`,
          lifecycleState: i % 3 === 0 ? 'deployed' : 'in_stock',
        }),
    );
    browser = await launch(target.path);
    page = await newPage(browser, pageErrors);
    await signIn(page, server.url, '/assets');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('dry-runs a file, maps its columns, shows the bad row by line, and imports only the valid rows', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    await expect.poll(total, WAIT).toBe('30');
    await page.getByTestId('assets-import').click();
    await page.getByTestId('import-modal').waitFor();
    await page.locator('[data-testid="import-setup"] input[type="file"]').setInputFiles({
      name: 'laptops.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV),
    });
    const imports: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/assets/import')) imports.push(r.url());
    });
    await page.getByTestId('import-dry-run').click();

    // The columns the server could not place are shown (not imported), with the ones it matched.
    const column = (header: string) => page.locator(`[data-testid="import-column"][data-header="${header}"]`);
    await expect.poll(() => column('RAM').getAttribute('data-target'), WAIT).toBe('ignore');
    expect(await column('Colour').getAttribute('data-target')).toBe('ignore');
    expect(await column('Name').getAttribute('data-target')).toBe('name');
    expect(await column('Serial Number').getAttribute('data-target')).toBe('serialNumber');
    expect(await page.getByTestId('import-unrecognised').count()).toBe(2);
    const summary = page.getByTestId('import-summary');
    expect(await summary.getAttribute('data-valid')).toBe('4');

    // Map RAM to the memory attribute: checked again, the bad row shows with its line and column.
    await column('RAM').getByTestId('import-column-target').click();
    await page.getByRole('option', { name: 'Memory (GB)', exact: true }).click();
    await expect.poll(() => column('RAM').getAttribute('data-target'), WAIT).toBe('memoryGb');
    await expect.poll(() => summary.getAttribute('data-invalid'), WAIT).toBe('1');
    expect(await summary.getAttribute('data-valid')).toBe('3');
    const error = page.getByTestId('import-error');
    expect(await error.count()).toBe(1);
    expect(await error.getAttribute('data-line')).toBe('3');
    expect(await error.getAttribute('data-column')).toBe('RAM');
    expect(await error.getByTestId('import-error-reason').textContent()).toMatch(/number/);
    const lastCheck = new URL(imports.at(-1)!);
    expect(lastCheck.searchParams.get('mode')).toBe('dryRun');
    expect(JSON.parse(lastCheck.searchParams.get('mapping')!)).toEqual({ RAM: 'memoryGb', Colour: 'ignore' });

    // All-or-nothing is not possible with a bad row; importing the valid ones is.
    expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);
    const valid = page.getByTestId('import-commit-valid');
    expect(await valid.textContent()).toBe('Import the 3 valid rows');
    await valid.click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    expect(await result.getAttribute('data-outcome')).toBe('written');
    expect(await result.getAttribute('data-created')).toBe('3');
    expect(new URL(imports.at(-1)!).searchParams.get('mode')).toBe('commitValid');
    await page.getByTestId('import-close').click();
    await page.getByTestId('import-modal').waitFor({ state: 'detached' });

    // Exactly the three valid rows became assets, with the mapped column read.
    const imported = await search([{ field: 'name', op: 'prefix', value: 'CSV Import' }]);
    expect(imported.total).toBe(3);
    expect(imported.items.map((a) => [a.name, a.memoryGb, a.serialNumber])).toEqual([
      ['CSV Import 1', 16, 'CSVIMP001'],
      ['CSV Import 3', 8, 'CSVIMP003'],
      ['CSV Import 4', 32, 'CSVIMP004'],
    ]);
    // And the list shows them.
    await expect.poll(total, WAIT).toBe('33');
  });

  it('exports the current view: the download has exactly the filtered assets, in the shown columns', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    const expected = await search([{ field: 'lifecycleState', op: 'in', value: ['deployed'] }], ['name']);
    expect(expected.total).toBe(10);
    await page.getByTestId('filter-state').click();
    await page.getByRole('option', { name: 'Deployed', exact: true }).click();
    await page.keyboard.press('Escape');
    await expect.poll(total, WAIT).toBe('10');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('assets-export').click(),
    ]);
    const url = new URL(download.url());
    expect(url.pathname).toBe('/api/v1/assets/export.csv');
    expect(JSON.parse(url.searchParams.get('filter')!)).toEqual([
      { field: 'lifecycleState', op: 'in', value: ['deployed'] },
    ]);
    expect(download.suggestedFilename()).toBe('assets.csv');
    const file = await download.path();
    const rows = parseCsv(await readFile(file, 'utf8'));
    const header = rows[0]!;
    // The columns the table shows, in its order.
    expect(header.slice(0, 3)).toEqual(['name', 'assetTag', 'serialNumber']);
    const nameAt = header.indexOf('name');
    const stateAt = header.indexOf('lifecycleState');
    const body = rows.slice(1).filter((r) => r.length > 1);
    expect(body.map((r) => r[nameAt])).toEqual(expected.items.map((a) => a.name));
    expect(new Set(body.map((r) => r[stateAt]))).toEqual(new Set(['deployed']));
    expect(pageErrors).toEqual([]);
  });
});
