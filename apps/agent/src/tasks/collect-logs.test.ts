import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
import { silentLogger } from '../log.js';
import { tailFile } from './collect-logs.js';
import { executeTask } from './run.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'steward-logs-'));
  const lines = Array.from({ length: 50_000 }, (_, i) => `line ${i + 1}`);
  await writeFile(path.join(dir, 'big.log'), `${lines.join('\n')}\n`);
  await writeFile(path.join(dir, 'small.log'), 'a\nb\nc');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('collect_logs', () => {
  it('tails the last N lines of a large file, reading from the end', async () => {
    const tail = await tailFile(path.join(dir, 'big.log'), 3);
    expect(tail.lines).toEqual(['line 49998', 'line 49999', 'line 50000']);
    const many = await tailFile(path.join(dir, 'big.log'), 10_000);
    expect(many.lines).toHaveLength(10_000);
    expect(many.lines?.[0]).toBe('line 40001');
  });

  it('returns what there is from a short file without a final newline', async () => {
    expect((await tailFile(path.join(dir, 'small.log'), 10)).lines).toEqual(['a', 'b', 'c']);
  });

  it('stops at the byte limit and says so', async () => {
    const tail = await tailFile(path.join(dir, 'big.log'), 10_000, 1000);
    expect(tail.truncated).toBe(true);
    expect(tail.lines?.at(-1)).toBe('line 50000');
    expect(tail.lines?.every((l) => /^line \d+$/.test(l))).toBe(true);
  });

  it('runs as a task over the configured files, reporting unreadable ones', async () => {
    const config = parseConfig({
      server: 'http://localhost',
      agentId: 'a',
      credential: 'c',
      logFiles: [path.join(dir, 'small.log'), path.join(dir, 'missing.log')],
    });
    const outcome = await executeTask(
      { id: 't', type: 'collect_logs', parameters: { lines: 2 }, deadline: '2999-01-01T00:00:00Z' },
      {
        config,
        adapter: undefined,
        collectInventory: async () => {
          throw new Error('not used');
        },
        reportInventory: async () => {},
        progress: () => {},
        signal: new AbortController().signal,
        log: silentLogger,
      },
    );
    expect(outcome).toEqual({
      status: 'succeeded',
      result: {
        files: [
          { path: path.join(dir, 'small.log'), lines: ['b', 'c'] },
          { path: path.join(dir, 'missing.log'), error: expect.stringContaining('ENOENT') },
        ],
      },
    });
  });
});
