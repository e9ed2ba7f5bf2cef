// What bench/agents.bench.ts runs against and drives: a seeded database, gateway processes (the real
// `steward serve`), and the load tool's worker processes (agents.load.ts), coordinated over IPC.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { note } from './harness.js';
import {
  agentIdentity,
  type FromWorker,
  type Receipt,
  type ToWorker,
  type WorkerStatus,
} from './agents.load.js';
import { hashSecret } from '../apps/server/src/platform/auth/index.js';
import { inTransaction, iso, systemClock, type DB } from '../apps/server/src/platform/db/index.js';
import { ensureTenant } from '../apps/server/src/features/tenants/index.js';
import { createTokenAsSystem } from '../apps/server/src/features/tokens/index.js';
import { createUserAsSystem } from '../apps/server/src/features/users/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const CHUNK = 500;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The p-th percentile (nearest rank) of an ascending list. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of nothing');
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * A tenant, an owner (so the gateways' first-run bootstrap stays out of the way), an admin API token, and
 * `agents` enrolled agents, each with its own device asset. The agents and assets are inserted straight
 * into their tables in bulk: enrolling 100,000 agents one by one over POST /agent/v1/enroll (a transaction
 * and an audit event each), then reporting an inventory per agent to create its asset, would take far
 * longer than the benchmark. The rows are what enrolment writes (enrollment.service.ts): the credential is
 * `<agentId>.<secret>` and the row holds the SHA-256 hex of the whole string. Each agent's asset_id is set as
 * if its first inventory had identified its device.
 */
export async function seed(db: Kysely<DB>, agents: number, runSeed: string) {
  const clock = systemClock;
  const tenant = await ensureTenant(db, clock, 'bench', 'Bench');
  await createUserAsSystem({ db, clock }, tenant.id, {
    email: 'owner@bench.example.com',
    name: 'Bench owner',
    role: 'owner',
    password: randomBytes(18).toString('base64url'),
  });
  const { secret: token } = await createTokenAsSystem({ db, clock }, tenant.id, {
    name: 'bench',
    role: 'admin',
  });
  const now = iso(clock.now());
  await inTransaction(db, async (trx) => {
    for (let from = 0; from < agents; from += CHUNK) {
      const ids = Array.from({ length: Math.min(CHUNK, agents - from) }, (_, k) =>
        agentIdentity(runSeed, from + k),
      );
      await trx
        .insertInto('assets')
        .values(
          ids.map(({ assetId }, k) => ({
            id: assetId,
            tenant_id: tenant.id,
            kind: 'device',
            device_type: 'laptop',
            name: `bench device ${from + k}`,
            hostname: `bench-host-${from + k}`,
            lifecycle_state: 'deployed',
            legal_hold: 0,
            created_at: now,
            updated_at: now,
            version: 1,
          })),
        )
        .execute();
      await trx
        .insertInto('agents')
        .values(
          ids.map(({ agentId, credential, assetId }, k) => ({
            id: agentId,
            tenant_id: tenant.id,
            hostname: `bench-host-${from + k}`,
            platform: 'linux',
            agent_version: 'bench',
            capabilities: '["restart"]',
            credential_hash: hashSecret(credential),
            pending_credential_hash: null,
            status: 'active',
            asset_id: assetId,
            enrollment_secret_id: null,
            enrolled_at: now,
            revoked_at: null,
            last_seen_at: null,
            online_node: null,
            connection_id: null,
            transport: null,
            connected_at: null,
            updated_at: now,
          })),
        )
        .execute();
    }
  });
  return { tenantId: tenant.id, token };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Resident set size of a process, in KiB (from /proc). */
export function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for process ${pid}`);
  return Number(m[1]);
}

export interface GatewaySettings {
  dataDir: string;
  databaseUrl?: string;
  natsUrl?: string;
  maxConnections: number;
  heartbeatSeconds: number;
  masterKey: string;
}

/** One `steward serve` process on a port of its own; stop/kill and start again keep the port. */
export class GatewayProcess {
  private child: ChildProcess | null = null;
  private tail: string[] = [];
  port = 0;

  constructor(
    readonly name: string,
    private readonly settings: GatewaySettings,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    if (!this.child?.pid) throw new Error(`${this.name} is not running`);
    return this.child.pid;
  }

  /** Starts it and resolves once it says it is listening. */
  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    const s = this.settings;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      STEWARD_HOST: '127.0.0.1',
      STEWARD_PORT: String(this.port),
      STEWARD_DATA_DIR: s.dataDir,
      STEWARD_LOG_LEVEL: 'warn',
      STEWARD_MASTER_KEY: s.masterKey,
      STEWARD_AGENT_MAX_CONNECTIONS: String(s.maxConnections),
      STEWARD_AGENT_HEARTBEAT_SECONDS: String(s.heartbeatSeconds),
    };
    delete env.STEWARD_DATABASE_URL;
    delete env.STEWARD_NATS_URL;
    if (s.databaseUrl) env.STEWARD_DATABASE_URL = s.databaseUrl;
    if (s.natsUrl) env.STEWARD_NATS_URL = s.natsUrl;
    // STEWARD_BENCH_CPU_PROF=<dir>: each gateway that exits cleanly leaves a .cpuprofile there.
    const prof = process.env.STEWARD_BENCH_CPU_PROF;
    const flags = prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [];
    const child = spawn(
      process.execPath,
      [...flags, path.join(root, 'apps/server/bin/steward.js'), 'serve'],
      {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    this.tail = [];
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.tail.push(line);
      if (this.tail.length > 40) this.tail.splice(0, this.tail.length - 40);
    };
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name} did not start in 120 s:\n${this.log()}`)),
        120_000,
      );
      child.stdout!.on('data', (chunk: Buffer) => {
        keep(chunk);
        if (chunk.toString('utf8').includes('is listening at')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr!.on('data', keep);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${code ?? signal}) while starting:\n${this.log()}`));
      });
    });
  }

  log(): string {
    return this.tail.join('\n');
  }

  private async end(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await gone;
    this.child = null;
  }

  /** A crash: SIGKILL, no goodbye to its agents. */
  kill(): Promise<void> {
    return this.end('SIGKILL');
  }

  /** A clean shutdown (SIGTERM), falling back to SIGKILL after 30 s. */
  async stop(): Promise<void> {
    const killer = setTimeout(() => this.child?.kill('SIGKILL'), 30_000);
    await this.end('SIGTERM');
    clearTimeout(killer);
  }

  /** The event loop's worst delay since the last scrape, in ms (prom-client's default metric). */
  async eventLoopLagMaxMs(): Promise<number> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    const m = /^steward_nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text);
    return m ? Number(m[1]) * 1000 : NaN;
  }
}

/** One worker process of the load tool (agents.load.ts) and its slice of the agents. */
export class LoadProcess {
  private readonly child: ChildProcess;
  private nextRid = 1;
  private readonly pending = new Map<number, (m: FromWorker) => void>();
  onReceipt: (r: Receipt) => void = () => {};

  constructor(readonly index: number) {
    this.child = fork(path.join(here, 'agents.load.ts'), [], {
      cwd: root,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (m: FromWorker) => {
      if (m.type === 'receipt') return this.onReceipt(m.receipt);
      const resolve = this.pending.get(m.rid);
      this.pending.delete(m.rid);
      resolve?.(m);
    });
    this.child.once('exit', (code, signal) => {
      for (const resolve of this.pending.values())
        resolve({
          rid: 0,
          type: 'done',
          status: { ...deadStatus, firstError: `load worker ${index} exited (${code ?? signal})` },
        });
      this.pending.clear();
    });
  }

  ask(m: DistributiveOmit<ToWorker, 'rid'>): Promise<FromWorker & { type: 'done' }> {
    const rid = this.nextRid++;
    return new Promise((resolve) => {
      this.pending.set(rid, (reply) => resolve(reply as FromWorker & { type: 'done' }));
      this.child.send({ ...m, rid });
    });
  }

  async status(): Promise<WorkerStatus> {
    const { status } = await this.ask({ type: 'status' });
    if (!status) throw new Error(`load worker ${this.index} gave no status`);
    return status;
  }

  async drain(): Promise<Receipt[]> {
    return (await this.ask({ type: 'drain' })).receipts ?? [];
  }

  async exit(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(killer);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const deadStatus: WorkerStatus = {
  welcomed: 0,
  welcomes: 0,
  lastWelcomeAt: 0,
  polled: 0,
  lastFirstPollAt: 0,
  refused: 0,
  connectErrors: 0,
  failures: 1,
  serverErrors: 0,
  firstError: '',
  firstConnectError: '',
};

/** The workers' statuses added up (latest times are the maximum). */
export async function totalStatus(procs: LoadProcess[]): Promise<WorkerStatus> {
  const all = await Promise.all(procs.map((p) => p.status()));
  return all.reduce((t, s) => ({
    welcomed: t.welcomed + s.welcomed,
    welcomes: t.welcomes + s.welcomes,
    lastWelcomeAt: Math.max(t.lastWelcomeAt, s.lastWelcomeAt),
    polled: t.polled + s.polled,
    lastFirstPollAt: Math.max(t.lastFirstPollAt, s.lastFirstPollAt),
    refused: t.refused + s.refused,
    connectErrors: t.connectErrors + s.connectErrors,
    failures: t.failures + s.failures,
    serverErrors: t.serverErrors + s.serverErrors,
    firstError: t.firstError || s.firstError,
    firstConnectError: t.firstConnectError || s.firstConnectError,
  }));
}

/**
 * Polls the workers until `done(status)`; fails when the count `progress(status)` has not moved for
 * `stallMs`, saying where things stand.
 */
export async function waitForWorkers(
  procs: LoadProcess[],
  what: string,
  progress: (s: WorkerStatus) => number,
  want: number,
  stallMs = 60_000,
): Promise<WorkerStatus> {
  let last = -1;
  let movedAt = Date.now();
  let reported = Date.now();
  for (;;) {
    const s = await totalStatus(procs);
    const n = progress(s);
    if (n >= want) return s;
    if (n !== last) {
      last = n;
      movedAt = Date.now();
    } else if (Date.now() - movedAt > stallMs)
      throw new Error(
        `${what}: stuck at ${n} of ${want} for ${stallMs / 1000} s (refused ${s.refused}, connection errors ` +
          `${s.connectErrors}, failures ` +
          `${s.failures}, server errors ${s.serverErrors}; first: ${s.firstError || s.firstConnectError || 'none'})`,
      );
    if (Date.now() - reported > 10_000) {
      reported = Date.now();
      note(`  ${what}: ${n} of ${want}`);
    }
    await sleep(100);
  }
}

/** A loopback source address per worker, 127.0.0.2, 127.0.0.3, …: one address has ~28K ephemeral ports. */
export function sourceAddress(index: number): string {
  if (index > 250) throw new Error('at most 251 load workers');
  return `127.0.0.${index + 2}`;
}
