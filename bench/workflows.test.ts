// The workflows benchmark at a tiny size, on each database: it runs end to end (its own checks pass: every
// run succeeded, one run and one Slack message per asset) and reports its four figures.
import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../apps/server/src/test/stores.js';
import { PG_ADMIN_URL } from '../apps/server/src/test/services.js';
import { formatResult } from './harness.js';
import { parseOptions, percentile, run } from './workflows.bench.js';

describeEachDialect('npm run bench -- workflows', (dialect) => {
  it('measures runs/s against the job queue, and change → action latency', { timeout: 180_000 }, async () => {
    process.env.STEWARD_BENCH_PG_URL ??= PG_ADMIN_URL;
    const results = await run([
      '--n',
      '12',
      '--api-n',
      '6',
      '--latency',
      '4',
      '--interval-ms',
      '50',
      '--only',
      dialect,
    ]);
    expect(results.map((r) => r.figure)).toEqual([
      `${dialect}_runs_per_s`,
      `${dialect}_api_runs_per_s`,
      `${dialect}_latency_p50_ms`,
      `${dialect}_latency_p99_ms`,
    ]);
    for (const r of results) {
      expect(r.value).toBeGreaterThan(0);
      expect(r.baseline).toBeGreaterThan(0);
      expect(formatResult(r)).toMatch(
        /^RESULT workflows \S+=\S+ baseline=\S+ ratio=\S+ target=\S+ met=(yes|no)$/,
      );
    }
    const [runs, , p50, p99] = results;
    expect(runs!.target).toEqual({ on: 'value', op: '>=', threshold: 1000 });
    expect(p99!.value).toBeGreaterThanOrEqual(p50!.value);
  });
});

describe('workflows bench options', () => {
  it('has defaults and refuses junk', () => {
    expect(parseOptions([])).toMatchObject({
      n: 2000,
      apiN: 300,
      latency: 40,
      clients: 4,
      dialects: ['sqlite', 'postgres'],
    });
    expect(parseOptions(['--only', 'postgres', '--workers', '8']).workers).toBe(8);
    expect(() => parseOptions(['--only', 'mysql'])).toThrow(/--only/);
    expect(() => parseOptions(['--n', '0'])).toThrow(/--n/);
    expect(() => parseOptions(['--api-n', 'x'])).toThrow(/--api-n/);
    expect(() => parseOptions(['--concurrency', '5000'])).toThrow(/at most 1000/);
  });

  it('takes nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(xs, 50), percentile(xs, 99), percentile(xs, 100)]).toEqual([50, 99, 100]);
    expect(percentile([7], 99)).toBe(7);
  });
});
