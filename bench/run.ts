// The benchmark dispatcher: `npm run bench -- <name> [args]` runs `bench/<name>.bench.ts`.
// Without a name it lists the benchmarks and exits 2; a failing benchmark exits 1.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatResult, type BenchModule } from './harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SUFFIX = '.bench.ts';

function available(): string[] {
  return readdirSync(here)
    .filter((f) => f.endsWith(SUFFIX))
    .map((f) => f.slice(0, -SUFFIX.length))
    .sort();
}

function usage(): string {
  const names = available();
  return [
    'usage: npm run bench -- <name> [args]',
    '',
    'benchmarks:',
    ...(names.length > 0 ? names.map((n) => `  ${n}`) : ['  (none)']),
    '',
    'See bench/README.md for what each one measures.',
  ].join('\n');
}

function isBenchModule(m: unknown): m is BenchModule {
  return typeof m === 'object' && m !== null && typeof (m as { run?: unknown }).run === 'function';
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stderr.write(`${usage()}\n`);
    return 2;
  }
  if (!available().includes(name)) {
    process.stderr.write(`unknown benchmark: ${name}\n\n${usage()}\n`);
    return 2;
  }
  const mod: unknown = await import(pathToFileURL(path.join(here, `${name}${SUFFIX}`)).href);
  if (!isBenchModule(mod)) throw new Error(`bench/${name}${SUFFIX} does not export run(args)`);
  const results = await mod.run(args);
  if (results.length === 0) throw new Error(`benchmark ${name} produced no figures`);
  for (const r of results) process.stdout.write(`${formatResult(r)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
