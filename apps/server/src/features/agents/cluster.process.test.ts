// Three server processes on PostgreSQL + NATS behind a TCP load balancer, with real agents: a task created
// through one process reaches an agent held by another, and when a process is killed (-9) its agents
// reconnect through the balancer to the others and no task is lost.
import { createAgent, enroll, silentLogger, type Agent } from '@steward/agent';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  cliEnv,
  killHard,
  runCli,
  runCliAsync,
  startCli,
  type CliProcess,
} from '../../cli/process.fixture.js';
import { api } from '../../test/server.js';
import { NATS_URL, natsCheck, postgresCheck } from '../../test/services.js';
import { createTestDatabase, type TestDatabase } from '../../test/stores.js';
import { startBalancer, type Balancer } from '../../test/tcp-balancer.js';
import { until } from '../../test/until.js';
import { describe } from 'vitest';
import { laptop } from './agents.fixture.js';

const services = await Promise.all([postgresCheck(), natsCheck()]);
const PROCESSES = 3;
const AGENTS = 6;

interface Node {
  process: CliProcess;
  url: string;
  pid: number;
}

describe.skipIf(!services.every((s) => s.available))('agents across three server processes', () => {
  let database: TestDatabase;
  let nodes: Node[] = [];
  let balancer: Balancer;
  let token: string;
  const agents: { agent: Agent; agentId: string; dir: string }[] = [];

  const get = (url: string, p: string) => api(url, 'GET', p, { token });

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const env = cliEnv({
      STEWARD_DATA_DIR: database.dataDir,
      STEWARD_DATABASE_URL: database.databaseUrl as string,
      STEWARD_NATS_URL: NATS_URL,
    });
    const admin = runCli(
      ['admin', 'create', '--email', 'ops@example.com', '--password-stdin'],
      env,
      'a very long password\n',
    );
    if (admin.code !== 0) throw new Error(`admin create: ${admin.stderr}`);
    const serve = async (): Promise<Node> => {
      const p = await startCli(['serve', '--port', '0'], env, /listening at (http:\/\/\S+)/, 60_000);
      return { process: p, url: p.match[1] as string, pid: p.proc.pid as number };
    };
    const [created, ...started] = await Promise.all([
      runCliAsync(['token', 'create', '--tenant', 'default', '--role', 'admin', '--name', 'cluster'], env),
      ...Array.from({ length: PROCESSES }, serve),
    ]);
    if (created.code !== 0) throw new Error(`token create: ${created.stderr}`);
    token = created.stdout.trim();
    nodes = started;
    balancer = await startBalancer(nodes.map((n) => n.url));
    const secret = await api(nodes[0]!.url, 'POST', '/api/v1/agent-enrollment-secrets', {
      token,
      body: { name: 'fleet' },
    });
    for (let i = 0; i < AGENTS; i++) {
      const inventory = laptop(`CL${String(i).padStart(6, '0')}`);
      const enrolled = await enroll({
        server: balancer.url,
        secret: secret.body.secret,
        hostname: inventory.hostname,
      });
      const dir = mkdtempSync(path.join(os.tmpdir(), 'steward-agent-'));
      const agent = createAgent(
        {
          server: balancer.url,
          agentId: enrolled.agentId,
          credential: enrolled.credential,
          stateDir: dir,
          transport: 'websocket',
          dryRun: true,
          backoff: { baseMs: 100, maxMs: 1000 },
        },
        { collectInventory: async () => inventory, logger: silentLogger },
      );
      await agent.start();
      agents.push({ agent, agentId: enrolled.agentId, dir });
    }
  }, 180_000);

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.agent.stop().catch(() => {})));
    await balancer?.close();
    await Promise.all(nodes.map((n) => killHard(n.process)));
    await database?.drop();
    for (const a of agents) rmSync(a.dir, { recursive: true, force: true });
  });

  /** Each agent's asset and the process (by pid) holding its connection, once all are online with an asset. */
  const placement = () =>
    until(
      'every agent online with an asset',
      async () => {
        const res = await get(nodes[0]!.url, '/api/v1/agents?online=true&limit=100');
        const stats = await get(nodes[0]!.url, '/api/v1/agents/stats');
        const hostOf = new Map<string, string>(
          stats.body.nodes.map((n: { id: string; host: string }) => [n.id, n.host]),
        );
        const items = res.body.items as { id: string; assetId: string | null; node: string }[];
        if (items.length !== AGENTS || items.some((a) => !a.assetId)) return undefined;
        return items.map((a) => ({
          agentId: a.id,
          assetId: a.assetId as string,
          pid: Number(hostOf.get(a.node)?.split(':')[1]),
        }));
      },
      60_000,
    );

  const runOn = async (url: string, assetIds: string[]) => {
    const res = await api(url, 'POST', '/api/v1/agent-task-requests', {
      token,
      body: { type: 'restart', parameters: { delaySeconds: 0 }, target: { assetIds } },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const settled = (url: string, requestId: string, count: number) =>
    until(
      `request ${requestId} done`,
      async () => {
        const r = await get(url, `/api/v1/agent-task-requests/${requestId}`);
        return r.body.counts.succeeded === count ? r.body : undefined;
      },
      60_000,
    );

  it('spreads agents over the processes and delivers a task created on one to an agent held by another', async () => {
    const placed = await placement();
    const pids = new Set(placed.map((p) => p.pid));
    expect(pids.size).toBe(PROCESSES);
    const stats = await get(nodes[1]!.url, '/api/v1/agents/stats');
    expect(stats.body).toMatchObject({ online: AGENTS });
    expect(stats.body.nodes).toHaveLength(PROCESSES);

    // Every task is created through process 0; most of the agents are held by the other two.
    const elsewhere = placed.filter((p) => p.pid !== nodes[0]!.pid);
    expect(elsewhere.length).toBeGreaterThan(0);
    const requestId = await runOn(
      nodes[0]!.url,
      placed.map((p) => p.assetId),
    );
    const done = await settled(nodes[0]!.url, requestId, AGENTS);
    expect(done.counts).toEqual({ succeeded: AGENTS });
  });

  it('when a process is killed, its agents reconnect to the others and tasks created meanwhile all arrive', async () => {
    const placed = await placement();
    const victim = nodes.find((n) => placed.some((p) => p.pid === n.pid) && n !== nodes[0]) as Node;
    const orphans = placed.filter((p) => p.pid === victim.pid);
    expect(orphans.length).toBeGreaterThan(0);
    await killHard(victim.process);
    nodes = nodes.filter((n) => n !== victim);

    // Created at once, while the orphans are still reconnecting: they wait in the queue.
    const requestId = await runOn(
      nodes[0]!.url,
      placed.map((p) => p.assetId),
    );
    const done = await settled(nodes[1]!.url, requestId, AGENTS);
    expect(done.counts).toEqual({ succeeded: AGENTS });

    const after = await placement();
    expect(after.filter((p) => p.pid === victim.pid)).toEqual([]);
    const tasks = await get(nodes[0]!.url, `/api/v1/agent-tasks?requestId=${requestId}&limit=100`);
    for (const o of orphans)
      expect(tasks.body.items.find((t: { assetId: string }) => t.assetId === o.assetId)).toMatchObject({
        status: 'succeeded',
        agentId: o.agentId,
      });
  }, 120_000);
});
