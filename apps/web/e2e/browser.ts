// The browser side of the e2e tests: which Chromium to drive (or why the tests skip), and signing in.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { ROOT } from './server.js';

export const ADMIN = { email: 'admin@example.com', password: 'a long password 1' };
export const WAIT = { timeout: 15_000 };
const BROWSER_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'];
const QUIET_ARGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The Chromium the global setup provided, or why the browser tests cannot run here. */
export function chromiumOrSkipReason(): { path: string } | { skip: string } {
  const provided = inject('chromium');
  if (provided?.skip) return { skip: provided.skip };
  if (provided?.path) return { path: provided.path };
  return existsSync('/usr/bin/chromium')
    ? { path: '/usr/bin/chromium' }
    : { skip: '/usr/bin/chromium is missing' };
}

export function assertWebBuilt(): void {
  if (!existsSync(path.join(ROOT, 'apps/web/dist/index.html')))
    throw new Error('apps/web/dist is not built.');
}

export function launch(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: [...BROWSER_ARGS, ...QUIET_ARGS] });
}

/** A page that records uncaught errors, so a test can assert there were none. */
export async function newPage(browser: Browser, errors: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  page.setDefaultTimeout(WAIT.timeout);
  page.on('pageerror', (e) => errors.push(e.message));
  return page;
}

/** Signs in through the login page and lands on `next`. */
export async function signIn(page: Page, url: string, next: string): Promise<void> {
  await page.goto(`${url}/login?next=${encodeURIComponent(next)}`);
  await page.getByTestId('login-email').fill(ADMIN.email);
  await page.getByTestId('login-password').fill(ADMIN.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`${url}${next}`);
}
