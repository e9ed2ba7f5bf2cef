import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{packages,apps,connectors,bench,scripts}/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Most test time is waiting on servers, databases and browsers, not CPU: the default (one worker per
    // core but one) ran the suite one file at a time on a 2-core machine.
    maxWorkers: Number(process.env.STEWARD_TEST_WORKERS ?? 3),
    globalSetup: ['./scripts/test-global-setup.ts'],
  },
});
