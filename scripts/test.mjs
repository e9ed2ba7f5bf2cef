#!/usr/bin/env node
// The whole test suite: type check, lint, format check, then every vitest test (unit, both databases,
// NATS, CLI processes, browser). Ends with one line: "N passed, N failed".
// Extra arguments go to vitest, e.g. `npm test -- apps/server/src/platform/jobs`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const extra = process.argv.slice(2);
let passed = 0;
let failed = 0;

function step(name, command, args) {
  console.log(`\n=== ${name}: ${[command, ...args].join(' ')}`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  const ok = r.status === 0;
  console.log(`=== ${name}: ${ok ? 'passed' : 'FAILED'}`);
  if (ok) passed++;
  else failed++;
}

const npx = 'npx';
if (extra.length === 0) {
  step('typecheck', npx, ['tsc', '-p', 'tsconfig.json', '--noEmit']);
  step('lint', npx, ['eslint', '.', '--max-warnings', '0']);
  step('format', npx, ['prettier', '--check', '.']);
}

const resultsDir = path.join(root, '.test-results');
const resultsFile = path.join(resultsDir, 'vitest.json');
mkdirSync(resultsDir, { recursive: true });
rmSync(resultsFile, { force: true });
console.log('\n=== vitest');
const v = spawnSync(
  npx,
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${resultsFile}`, ...extra],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (existsSync(resultsFile)) {
  const report = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A file that fails to load, or an error outside any test, fails the run even if no test failed.
  const brokenSuites = report.testResults.filter(
    (f) => f.status === 'failed' && f.assertionResults.every((a) => a.status !== 'failed'),
  );
  failed += brokenSuites.length;
  if (v.status !== 0 && report.numFailedTests === 0 && brokenSuites.length === 0) failed++;
} else {
  console.error('vitest produced no report');
  failed++;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
