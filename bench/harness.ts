// The small contract every benchmark follows, and the helpers they share.
//
// A benchmark is a file `bench/<name>.bench.ts` that exports `run(args)`; it measures one or more
// figures, each against a baseline measured in the same run, and returns them. `bench/run.ts` prints
// one RESULT line per figure, in a fixed format that scripts and reviewers can grep:
//
//   RESULT <bench> <figure>=<value> baseline=<value> ratio=<value> target=<what was asked> met=<yes|no>

/** What a benchmark file exports. */
export interface BenchModule {
  run(args: string[]): Promise<BenchResult[]>;
}

/** A goal for one figure: its `ratio` (value ÷ baseline) or its raw `value`, compared to a threshold. */
export interface Target {
  on: 'ratio' | 'value';
  op: '>=' | '<=';
  threshold: number;
}

export interface BenchResult {
  bench: string;
  /** A name without spaces, e.g. `sqlite_jobs_per_s`. */
  figure: string;
  value: number;
  /** The same quantity for the baseline, measured in the same run. */
  baseline: number;
  target: Target;
}

/** value ÷ baseline; 0 when the baseline is 0 (nothing to compare with). */
export function ratioOf(result: Pick<BenchResult, 'value' | 'baseline'>): number {
  return result.baseline === 0 ? 0 : result.value / result.baseline;
}

/** Whether the target was met, judged on the unrounded numbers. */
export function isMet(result: BenchResult): boolean {
  const { on, op, threshold } = result.target;
  const x = on === 'ratio' ? ratioOf(result) : result.value;
  if (!Number.isFinite(x)) return false;
  return op === '>=' ? x >= threshold : x <= threshold;
}

/** Whole numbers from 100 up, three significant digits below that (0.2234 → 0.223, 12.345 → 12.3). */
export function roundSensibly(n: number): number {
  if (!Number.isFinite(n)) return n;
  if (Math.abs(n) >= 100) return Math.round(n);
  if (n === 0) return 0;
  return Number(n.toPrecision(3));
}

export function formatTarget(target: Target): string {
  return `${target.on}${target.op}${target.threshold}`;
}

const TOKEN = /^[A-Za-z0-9_.-]+$/;

/** The one RESULT line for a figure. */
export function formatResult(result: BenchResult): string {
  for (const [what, token] of [
    ['bench', result.bench],
    ['figure', result.figure],
  ] as const) {
    if (!TOKEN.test(token))
      throw new Error(`${what} name must be a token without spaces: ${JSON.stringify(token)}`);
  }
  return [
    'RESULT',
    result.bench,
    `${result.figure}=${roundSensibly(result.value)}`,
    `baseline=${roundSensibly(result.baseline)}`,
    `ratio=${roundSensibly(ratioOf(result))}`,
    `target=${formatTarget(result.target)}`,
    `met=${isMet(result) ? 'yes' : 'no'}`,
  ].join(' ');
}

/** Run `fn` once and measure its wall-clock time with the monotonic high-resolution clock. */
export async function time<T>(fn: () => Promise<T> | T): Promise<{ result: T; ms: number }> {
  const start = process.hrtime.bigint();
  const result = await fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { result, ms };
}

/** Operations per second for `count` operations done in `ms` milliseconds. */
export function perSecond(count: number, ms: number): number {
  if (ms <= 0) return 0;
  return (count * 1000) / ms;
}

/** Progress and notes go to stderr so stdout holds only the RESULT (and SKIP) lines. */
export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** A figure that could not be measured (e.g. its database is not reachable). */
export function printSkip(bench: string, what: string, reason: string): void {
  process.stdout.write(`SKIP ${bench} ${what}: ${reason.replace(/\s+/g, ' ').trim()}\n`);
}

/** Parse a positive integer option, failing loudly on junk. */
export function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`--${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
