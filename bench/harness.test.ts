import { describe, expect, it } from 'vitest';
import { formatResult, isMet, median, perSecond, roundSensibly, time, type BenchResult } from './harness.js';

const base: BenchResult = {
  bench: 'jobs',
  figure: 'sqlite_jobs_per_s',
  value: 1234.4,
  baseline: 5678.2,
  target: { on: 'ratio', op: '>=', threshold: 0.1 },
};

describe('RESULT lines', () => {
  it('prints every field in the fixed order and format', () => {
    expect(formatResult(base)).toBe(
      'RESULT jobs sqlite_jobs_per_s=1234 baseline=5678 ratio=0.217 target=ratio>=0.1 met=yes',
    );
  });

  it('says met=no when the ratio falls short of a >= target', () => {
    const line = formatResult({ ...base, target: { on: 'ratio', op: '>=', threshold: 0.25 } });
    expect(line).toBe(
      'RESULT jobs sqlite_jobs_per_s=1234 baseline=5678 ratio=0.217 target=ratio>=0.25 met=no',
    );
  });

  it('judges met on the exact ratio, with the threshold itself counting as met', () => {
    expect(
      formatResult({
        ...base,
        value: 250,
        baseline: 1000,
        target: { on: 'ratio', op: '>=', threshold: 0.25 },
      }),
    ).toMatch(/ ratio=0\.25 target=ratio>=0\.25 met=yes$/);
    expect(
      isMet({ ...base, value: 249.9, baseline: 1000, target: { on: 'ratio', op: '>=', threshold: 0.25 } }),
    ).toBe(false);
  });

  it('supports <= targets on the value itself', () => {
    const latency: BenchResult = {
      bench: 'api',
      figure: 'p95_ms',
      value: 42.345,
      baseline: 40,
      target: { on: 'value', op: '<=', threshold: 50 },
    };
    expect(formatResult(latency)).toBe(
      'RESULT api p95_ms=42.3 baseline=40 ratio=1.06 target=value<=50 met=yes',
    );
    expect(formatResult({ ...latency, value: 51 })).toMatch(/ target=value<=50 met=no$/);
  });

  it('prints ratio=0 and met=no for a zero baseline rather than Infinity', () => {
    expect(formatResult({ ...base, baseline: 0 })).toBe(
      'RESULT jobs sqlite_jobs_per_s=1234 baseline=0 ratio=0 target=ratio>=0.1 met=no',
    );
  });

  it('rejects names that would break the space-separated line', () => {
    expect(() => formatResult({ ...base, figure: 'jobs per s' })).toThrow(/without spaces/);
    expect(() => formatResult({ ...base, bench: '' })).toThrow(/without spaces/);
  });
});

describe('helpers', () => {
  it('rounds to whole numbers from 100 and three significant digits below', () => {
    expect(roundSensibly(12345.6)).toBe(12346);
    expect(roundSensibly(99.987)).toBe(100);
    expect(roundSensibly(12.345)).toBe(12.3);
    expect(roundSensibly(0.22345)).toBe(0.223);
    expect(roundSensibly(0)).toBe(0);
  });

  it('computes rates and medians', () => {
    expect(perSecond(5000, 2000)).toBe(2500);
    expect(perSecond(10, 0)).toBe(0);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('times a function and passes its result through', async () => {
    const { result, ms } = await time(async () => {
      await new Promise((r) => setTimeout(r, 20));
      return 'done';
    });
    expect(result).toBe('done');
    expect(ms).toBeGreaterThanOrEqual(15);
  });
});
