// The agents benchmark at a tiny size: real `steward serve` gateway processes, real load workers, every
// phase end to end (its own checks pass: every agent welcomed, every task received once and acknowledged,
// everyone back after the kill), and its figures in the RESULT format.
import { describe, expect, it } from 'vitest';
import { splitCredential } from '@steward/protocol';
import { PG_ADMIN_URL, natsCheck, postgresCheck } from '../apps/server/src/test/services.js';
import { formatResult } from './harness.js';
import { agentIdentity } from './agents.load.js';
import { parseOptions, run } from './agents.bench.js';
import { percentile, sourceAddress } from './agents.setup.js';

const FIGURES = [
  'ws_agents_held',
  'ws_agents_per_gateway',
  'ws_rss_per_conn_kib',
  'ws_task_all_ack_p50_ms',
  'ws_task_all_ack_p99_ms',
  'ws_task_all_total_ms',
  'ws_targeted_p50_ms',
  'ws_targeted_p99_ms',
  'ws_reconnect_all_ms',
];

function checkResults(results: Awaited<ReturnType<typeof run>>, agents: number, gateways: number) {
  expect(results.map((r) => r.figure)).toEqual(FIGURES);
  for (const r of results) {
    expect(formatResult(r)).toMatch(/^RESULT agents \S+=\S+ baseline=\S+ ratio=\S+ target=\S+ met=(yes|no)$/);
    expect(Number.isFinite(r.value)).toBe(true);
  }
  const by = Object.fromEntries(results.map((r) => [r.figure, r]));
  expect(by.ws_agents_held).toMatchObject({ value: agents, baseline: agents });
  expect(by.ws_agents_per_gateway).toMatchObject({ value: agents / gateways, baseline: agents / gateways });
  expect(by.ws_task_all_ack_p99_ms!.value).toBeGreaterThanOrEqual(by.ws_task_all_ack_p50_ms!.value);
  expect(by.ws_task_all_total_ms!.value).toBeGreaterThanOrEqual(by.ws_task_all_ack_p99_ms!.value);
  expect(by.ws_targeted_p99_ms!.value).toBeGreaterThanOrEqual(by.ws_targeted_p50_ms!.value);
  // The polling baseline waits for the next poll (every 2 s here); the WebSocket does not.
  expect(by.ws_task_all_ack_p99_ms!.baseline).toBeGreaterThan(by.ws_task_all_ack_p99_ms!.value);
  expect(by.ws_targeted_p50_ms!.baseline).toBeGreaterThan(by.ws_targeted_p50_ms!.value);
  expect(by.ws_reconnect_all_ms!.value).toBeGreaterThan(0);
  expect(by.ws_reconnect_all_ms!.target).toEqual({ on: 'value', op: '<=', threshold: 90_000 });
}

const tiny = [
  '--agents',
  '40',
  '--load-procs',
  '2',
  '--targeted',
  '8',
  '--poll-seconds',
  '2',
  '--settle-ms',
  '5500',
];

describe('npm run bench -- agents', () => {
  it('runs every phase on one gateway (SQLite)', { timeout: 240_000 }, async () => {
    checkResults(await run(tiny), 40, 1);
  });

  it('runs every phase on two gateways (PostgreSQL + NATS)', { timeout: 240_000 }, async (ctx) => {
    const [pg, nats] = await Promise.all([postgresCheck(), natsCheck()]);
    if (!pg.available || !nats.available) return ctx.skip(pg.reason || nats.reason);
    process.env.STEWARD_BENCH_PG_URL ??= PG_ADMIN_URL;
    checkResults(await run([...tiny, '--gateways', '2']), 40, 2);
  });
});

describe('agents bench options and helpers', () => {
  it('has defaults and refuses junk', () => {
    expect(parseOptions([])).toMatchObject({ agents: 2000, gateways: 1, loadProcs: 2, db: 'sqlite' });
    expect(parseOptions(['--gateways', '3']).db).toBe('postgres');
    expect(() => parseOptions(['--gateways', '2', '--db', 'sqlite'])).toThrow(/--db postgres/);
    expect(() => parseOptions(['--agents', '100000'])).toThrow(/add --gateways/);
    expect(() => parseOptions(['--agents', '100000', '--gateways', '6'])).toThrow(/add --load-procs/);
    expect(parseOptions(['--agents', '100000', '--gateways', '6', '--load-procs', '6']).agents).toBe(100_000);
    expect(() => parseOptions(['--agents', '0'])).toThrow(/--agents/);
  });

  it('derives a credential the server would accept, the same on both sides', () => {
    const a = agentIdentity('seed', 7);
    expect(a).toEqual(agentIdentity('seed', 7));
    expect(a.credential).toMatch(/^bench-agent-7\.[A-Za-z0-9_-]{20,200}$/);
    expect(agentIdentity('other', 7).credential).not.toBe(a.credential);
    expect(splitCredential(a.credential)?.agentId).toBe('bench-agent-7');
  });

  it('gives each worker its own loopback address and takes nearest-rank percentiles', () => {
    expect([sourceAddress(0), sourceAddress(1)]).toEqual(['127.0.0.2', '127.0.0.3']);
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(xs, 50), percentile(xs, 99)]).toEqual([50, 99]);
  });
});
