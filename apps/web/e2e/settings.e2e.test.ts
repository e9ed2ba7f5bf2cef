// Browser test: the real server (a separate process) and the built UI, driven through Debian's Chromium.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT, startServer, type RunningServer } from './server.js';

const ADMIN = { email: 'admin@example.com', password: 'a long password 1' };
const BROWSER_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'];
const QUIET_ARGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT = { timeout: 15_000 };

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
if (skipReason) console.warn(`Skipping the browser tests: ${skipReason}`);

async function bearer(url: string, secret: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}/api/v1/tokens`, { headers: { authorization: `Bearer ${secret}` } });
  return { status: res.status, body: await res.json().catch(() => null) };
}

describe('web UI: sign in and manage API tokens', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!('path' in target)) return;
    if (!existsSync(path.join(ROOT, 'apps/web/dist/index.html')))
      throw new Error('apps/web/dist is not built.');
    server = await startServer(ADMIN);
    browser = await chromium.launch({ executablePath: target.path, args: [...BROWSER_ARGS, ...QUIET_ARGS] });
    page = await browser.newPage();
    page.setDefaultTimeout(WAIT.timeout);
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the server’s message when the password is wrong', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    await page.goto(`${server.url}/settings`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByTestId('login-email').fill(ADMIN.email);
    await page.getByTestId('login-password').fill('not the password at all');
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
      page.getByTestId('login-submit').click(),
    ]);
    expect(answer.status()).toBe(401);
    const { error } = (await answer.json()) as { error: { message: string } };
    expect(error.message).toMatch(/\S/);
    await expect.poll(() => page.getByTestId('login-error').textContent(), WAIT).toContain(error.message);
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('creates a token, shows its secret once, and revokes it', { timeout: 90_000 }, async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    const url = server.url;
    // Sign in (still on the login page from the previous test, or sent there).
    if (!page.url().includes('/login')) await page.goto(`${url}/login`);
    await page.getByTestId('login-email').fill(ADMIN.email);
    await page.getByTestId('login-password').fill(ADMIN.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('header-user').waitFor();
    expect(await page.getByTestId('header-user').textContent()).toBe(ADMIN.email);
    expect(await page.getByTestId('header-role').textContent()).toBe('owner');

    // Settings → API tokens, through the navigation.
    await page.getByTestId('nav-settings').click();
    await page.locator(`[data-testid="user-row"][data-user-email="${ADMIN.email}"]`).waitFor();
    await page.getByTestId('settings-tab-tokens').click();
    await page.waitForURL(`${url}/settings/tokens`);

    // Create an admin token (listing tokens needs admin).
    const name = `e2e token ${Date.now()}`;
    await page.getByTestId('token-name').fill(name);
    await page.getByTestId('token-role').click();
    await page.getByRole('option', { name: 'admin', exact: true }).click();
    await page.getByTestId('token-create-submit').click();
    const secretBox = page.getByTestId('token-secret');
    await secretBox.waitFor();
    const secret = (await secretBox.textContent())?.trim() ?? '';
    expect(secret).toMatch(/^stw_\S+$/);
    await page.getByTestId('token-secret-close').click();
    await page.getByTestId('token-secret-modal').waitFor({ state: 'detached' });

    // Listed as active, and the secret is nowhere on the page any more.
    const row = page.locator(`[data-testid="token-row"][data-token-name="${name}"]`);
    await expect.poll(() => row.getByTestId('token-status').getAttribute('data-status'), WAIT).toBe('active');
    expect(await row.textContent()).toContain('admin');
    const prefix = (await row.locator('code').textContent())?.replace('…', '') ?? '';
    expect(prefix.length).toBeGreaterThan(4);
    expect(secret.startsWith(prefix)).toBe(true);
    expect(await page.content()).not.toContain(secret);

    // The secret really works.
    const ok = await bearer(url, secret);
    expect(ok.status).toBe(200);
    expect(JSON.stringify(ok.body)).toContain(name);

    // Revoke, with confirmation.
    await row.getByTestId('token-revoke').click();
    await page.getByTestId('confirm-modal').waitFor();
    await page.getByTestId('confirm-button').click();
    await expect
      .poll(() => row.getByTestId('token-status').getAttribute('data-status'), WAIT)
      .toBe('revoked');
    expect(await row.getByTestId('token-revoke').count()).toBe(0);

    // And the server refuses it now.
    const refused = await bearer(url, secret);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: { code: 'unauthenticated' } });

    // The audit log shows both, through the Audit area.
    await page.getByTestId('nav-audit').click();
    await page.locator('[data-testid="audit-row"][data-action="token.revoked"]').waitFor();
    expect(await page.locator('[data-testid="audit-row"][data-action="token.created"]').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
