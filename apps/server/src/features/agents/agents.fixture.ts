// A real Steward and real agents (the @steward/agent runtime, in this process) talking over real HTTP and
// WebSockets. Agents run platform commands in dry-run mode and report the inventory a test gives them.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createAgent, enroll, silentLogger, type Agent, type AgentConfigInput } from '@steward/agent';
import type { Inventory } from '@steward/protocol';
import type { Dialect } from '../../platform/db/index.js';
import type { FakeClock } from '../../test/clock.js';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { until } from '../../test/until.js';

export function laptop(serial: string, extra: Partial<Inventory> = {}): Inventory {
  return {
    hostname: `host-${serial.toLowerCase()}`,
    serialNumber: serial,
    manufacturer: 'Dell Inc.',
    model: 'Latitude 7440',
    chassis: 'Notebook',
    memoryBytes: 16 * 1024 ** 3,
    os: { platform: 'linux', name: 'Ubuntu', version: '24.04', build: '6.8.0-49' },
    network: [
      {
        name: 'wlp0s20f3',
        mac: `02:00:00:${serial.slice(-6, -4)}:${serial.slice(-4, -2)}:${serial.slice(-2)}`.toLowerCase(),
        ipv4: [],
        ipv6: [],
        virtual: false,
      },
      { name: 'docker0', mac: '02:42:ac:11:00:01', ipv4: [], ipv6: [], virtual: true },
    ],
    disks: [{ name: 'nvme0n1', sizeBytes: 512 * 1024 ** 3, encrypted: true }],
    firewallEnabled: true,
    software: [
      { name: 'openssl', version: '3.0.13' },
      { name: 'firefox', version: '133.0' },
    ],
    ...extra,
  };
}

export interface AgentWorld {
  server: TestServer;
  tenant: SeededTenant;
  url: string;
  secret: string;
  /** Enrols and starts an agent; `inventory` is what it reports (change it to change what it sees). */
  startAgent(options?: {
    inventory?: Inventory;
    transport?: 'websocket' | 'poll' | 'auto';
    config?: Partial<AgentConfigInput>;
  }): Promise<RunningAgent>;
  stop(): Promise<void>;
}

export interface RunningAgent {
  agent: Agent;
  agentId: string;
  credential: string;
  stateDir: string;
  inventory: { current: Inventory };
  /** Stops the agent and waits until the server sees it offline. */
  offline(): Promise<void>;
  /** Starts it again, as a new process with the same state directory would. */
  restart(): Promise<void>;
  /** Waits until the server has its inventory and knows its asset; returns the asset id. */
  assetId(): Promise<string>;
  stop(): Promise<void>;
}

export async function startAgentWorld(
  dialect: Dialect,
  settings: Record<string, unknown> = {},
  clock?: FakeClock,
): Promise<AgentWorld> {
  const server = await startTestServer(dialect, { ...settings }, clock ? { clock } : {});
  const tenant = await seedTenant(server.steward, 'acme');
  const created = await api(server.url, 'POST', '/api/v1/agent-enrollment-secrets', {
    token: tenant.tokens.admin,
    body: { name: 'laptops' },
  });
  if (created.status !== 201) throw new Error(`enrolment secret: ${JSON.stringify(created.body)}`);
  const agents: RunningAgent[] = [];
  let n = 0;
  const world: AgentWorld = {
    server,
    tenant,
    url: server.url,
    secret: created.body.secret,
    async startAgent(options = {}) {
      n += 1;
      const inventory = { current: options.inventory ?? laptop(`SN${String(n).padStart(6, '0')}`) };
      const stateDir = await mkdtemp(path.join(os.tmpdir(), 'steward-agent-'));
      const enrolled = await enroll({
        server: server.url,
        secret: world.secret,
        hostname: inventory.current.hostname,
      });
      const config: AgentConfigInput = {
        server: server.url,
        agentId: enrolled.agentId,
        credential: enrolled.credential,
        stateDir,
        transport: options.transport ?? 'websocket',
        pollWaitSeconds: 2,
        dryRun: true,
        backoff: { baseMs: 50, maxMs: 500 },
        scripts: {
          hello: {
            command: process.execPath,
            args: ['-e', 'console.log("hello from " + process.platform)'],
          },
        },
        ...options.config,
      };
      const agent = createAgent(config, {
        collectInventory: async () => inventory.current,
        logger: silentLogger,
      });
      await agent.start();
      const running: RunningAgent = {
        agent,
        async offline() {
          await running.agent.stop();
          // Asked of the gateway itself too: with a test clock that jumps, presence in the database can
          // look offline (the process's own row stale) a moment before the connection has closed.
          await until('the agent is offline', async () => {
            if (server.steward.gateway.linkOf(enrolled.agentId)) return undefined;
            const r = await api(server.url, 'GET', `/api/v1/agents/${enrolled.agentId}`, {
              token: tenant.tokens.viewer,
            });
            return r.body.online ? undefined : true;
          });
        },
        async restart() {
          // A new process on the same device: same config and state directory (outbox, task journal).
          running.agent = createAgent(config, {
            collectInventory: async () => inventory.current,
            logger: silentLogger,
          });
          await running.agent.start();
        },
        agentId: enrolled.agentId,
        credential: enrolled.credential,
        stateDir,
        inventory,
        assetId: () =>
          until('the agent has an asset', async () => {
            const res = await api(server.url, 'GET', `/api/v1/agents/${enrolled.agentId}`, {
              token: tenant.tokens.viewer,
            });
            return res.body.assetId ?? undefined;
          }),
        async stop() {
          await agent.stop();
          await rm(stateDir, { recursive: true, force: true });
        },
      };
      agents.push(running);
      return running;
    },
    async stop() {
      await Promise.all(agents.map((a) => a.agent.stop().catch(() => {})));
      await server.stop();
      await Promise.all(agents.map((a) => rm(a.stateDir, { recursive: true, force: true })));
    },
  };
  return world;
}

/** Polls a task until it has finished. */
export function finished(world: AgentWorld, taskId: string) {
  return until(`task ${taskId} finished`, async () => {
    const res = await api(world.url, 'GET', `/api/v1/agent-tasks/${taskId}`, {
      token: world.tenant.tokens.viewer,
    });
    return ['succeeded', 'failed', 'expired', 'cancelled'].includes(res.body.status) ? res.body : undefined;
  });
}

/** Runs one task on one asset through the admin API; returns the task's id. */
export async function runTask(
  world: AgentWorld,
  assetId: string,
  type: string,
  parameters: Record<string, unknown> = {},
  deadlineMinutes = 60,
): Promise<string> {
  const res = await api(world.url, 'POST', '/api/v1/agent-task-requests', {
    token: world.tenant.tokens.operator,
    body: { type, parameters, target: { assetIds: [assetId] }, deadlineMinutes },
  });
  if (res.status !== 201) throw new Error(`task request: ${res.status} ${JSON.stringify(res.body)}`);
  const tasks = await api(world.url, 'GET', `/api/v1/agent-tasks?requestId=${res.body.id}`, {
    token: world.tenant.tokens.viewer,
  });
  return tasks.body.items[0].id;
}
