// Vitest global setup: runs once, in the main process, before any test file.
// 1. Builds the web UI, so the server under test serves the current apps/web/src.
// 2. Makes sure Debian's Chromium is installed for the browser (e2e) tests; when it cannot be
//    installed, the browser tests skip with the reason printed, except under CI where that fails the run.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Chromium the browser tests drive, or why they cannot run here. */
    chromium: { path: string; skip?: undefined } | { path?: undefined; skip: string };
  }
}

function run(cmd: string, args: string[], timeoutMs: number): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutMs,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

function tail(r: SpawnSyncReturns<string>, lines = 15): string {
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n');
  return out.slice(-lines).join('\n');
}

function failed(r: SpawnSyncReturns<string>): string | null {
  if (r.error) return r.error.message;
  if (r.status !== 0) return `exit ${r.status ?? r.signal}:\n${tail(r)}`;
  return null;
}

const WEB = path.join(ROOT, 'apps/web');
// The UI bundles parts of the domain and SDK packages too.
const WEB_INPUTS = [
  'apps/web/src',
  'apps/web/index.html',
  'apps/web/vite.config.ts',
  'apps/web/package.json',
  'packages/domain/src',
  'packages/sdk/src',
];

function newestMtime(file: string): number {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(file).reduce((max, name) => Math.max(max, newestMtime(path.join(file, name))), 0);
}

/** The built UI is current when dist/index.html is newer than every source file it is built from. */
function webBuildIsCurrent(): boolean {
  const built = path.join(WEB, 'dist/index.html');
  if (!existsSync(built)) return false;
  const inputs = WEB_INPUTS.map((f) => path.join(ROOT, f)).filter((f) => existsSync(f));
  return inputs.every((f) => newestMtime(f) < statSync(built).mtimeMs);
}

function buildWeb(): void {
  if (webBuildIsCurrent()) {
    console.log('[global-setup] the web UI build is current; not rebuilding');
    return;
  }
  const started = Date.now();
  const r = run('npm', ['run', 'build', '-w', '@steward/web'], 300_000);
  const problem = failed(r);
  if (problem) throw new Error(`Building the web UI (npm run build -w @steward/web) failed: ${problem}`);
  console.log(`[global-setup] built the web UI in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Installs Chromium with apt-get; returns why it could not, or null when it is there. */
export function installChromium(): string | null {
  if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) {
    return `${CHROMIUM_PATH} is missing and this is not a Debian-like system with apt-get; install Chromium there yourself.`;
  }
  const isRoot = process.getuid?.() === 0;
  if (!isRoot && !existsSync('/usr/bin/sudo')) {
    return `${CHROMIUM_PATH} is missing; installing it needs root (apt-get install -y chromium), and there is no sudo.`;
  }
  const apt = (...args: string[]) =>
    isRoot ? run('apt-get', args, 900_000) : run('sudo', ['-n', 'apt-get', ...args], 900_000);
  console.log(
    `[global-setup] ${CHROMIUM_PATH} is missing; installing Debian's chromium with apt-get (takes a minute)…`,
  );
  let problem = failed(apt('install', '-y', 'chromium'));
  if (problem) {
    console.log('[global-setup] apt-get install failed; running apt-get update and trying again…');
    const update = failed(apt('update'));
    problem = failed(apt('install', '-y', 'chromium'));
    if (problem)
      return `apt-get install -y chromium failed${update ? ` (apt-get update failed too: ${update})` : ''}: ${problem}`;
  }
  return existsSync(CHROMIUM_PATH)
    ? null
    : `apt-get installed chromium but ${CHROMIUM_PATH} is still missing.`;
}

export default function setup(project: TestProject): void {
  buildWeb();
  const problem = existsSync(CHROMIUM_PATH) ? null : installChromium();
  if (!problem) {
    project.provide('chromium', { path: CHROMIUM_PATH });
    return;
  }
  if (process.env.CI) throw new Error(`Browser tests cannot run under CI: ${problem}`);
  console.warn(`[global-setup] Browser tests will be SKIPPED: ${problem}`);
  project.provide('chromium', { skip: problem });
}
