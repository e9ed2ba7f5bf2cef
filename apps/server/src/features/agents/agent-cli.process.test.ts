// The real agent binary on this machine: `steward-agent enroll` then `steward-agent run` as a child process,
// collecting its inventory with systeminformation, against a real server. Its inventory becomes an asset
// named after this host, "inventory now" is answered, and SIGTERM stops it cleanly.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/stores.js';
import { api } from '../../test/server.js';
import { until } from '../../test/until.js';
import { finished, runTask, startAgentWorld, type AgentWorld } from './agents.fixture.js';

const AGENT_BIN = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../agent/bin/steward-agent.js',
);

function runAgentCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [AGENT_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('exit', (status) => resolve({ status, stdout, stderr })));
}

describeEachDialect('the steward-agent binary', (dialect) => {
  let world: AgentWorld;
  let dir: string;
  beforeAll(async () => {
    world = await startAgentWorld(dialect);
    dir = mkdtempSync(path.join(os.tmpdir(), 'steward-agent-cli-'));
  });
  afterAll(async () => {
    await world.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('enrols, reports this machine’s inventory, runs a task, and stops on SIGTERM', async () => {
    const config = path.join(dir, 'config.json');
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, STEWARD_AGENT_CONFIG: config };
    // Not spawnSync: the server under test runs in this process and must keep answering.
    const enrolled = await runAgentCli(
      ['enroll', '--server', world.url, '--secret', world.secret, '--state-dir', path.join(dir, 'state')],
      env,
    );
    expect(enrolled.status, enrolled.stderr).toBe(0);
    expect(enrolled.stdout + enrolled.stderr).not.toContain(world.secret);
    expect(statSync(config).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(config, 'utf8')) as Record<string, unknown>;
    expect(enrolled.stdout).toContain(saved.agentId as string);
    expect(enrolled.stdout + enrolled.stderr).not.toContain(saved.credential as string);
    // Platform commands are recorded, not run, on the test machine.
    writeFileSync(config, JSON.stringify({ ...saved, dryRun: true, transport: 'websocket' }), {
      mode: 0o600,
    });

    const child = spawn(process.execPath, [AGENT_BIN, 'run'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let logs = '';
    child.stderr.on('data', (d: Buffer) => (logs += d.toString()));
    child.stdout.on('data', (d: Buffer) => (logs += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const assetId = await until(
        'the agent’s asset',
        async () => {
          const r = await api(world.url, 'GET', `/api/v1/agents/${saved.agentId as string}`, {
            token: world.tenant.tokens.viewer,
          });
          return r.body.assetId ?? undefined;
        },
        60_000,
      );
      const asset = await api(world.url, 'GET', `/api/v1/assets/${assetId}`, {
        token: world.tenant.tokens.viewer,
      });
      expect(asset.body.hostname).toBe(os.hostname());
      expect(asset.body.osName).toBeTruthy();
      const inventory = await api(world.url, 'GET', `/api/v1/agents/${saved.agentId as string}/inventory`, {
        token: world.tenant.tokens.viewer,
      });
      expect(inventory.body.inventory.os.platform).toBe(process.platform);

      const task = await finished(world, await runTask(world, assetId, 'inventory'));
      expect(task.status).toBe('succeeded');
      expect(task.result).toMatchObject({ hostname: os.hostname() });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(logs).not.toContain(saved.credential as string);
  }, 120_000);
});
