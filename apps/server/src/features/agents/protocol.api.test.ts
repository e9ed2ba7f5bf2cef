// The gateway at the protocol level, with a raw WebSocket client: what it answers to bad frames, when it
// closes, the connection cap, revocation, credential rotation and "check in now".
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AGENT_PATHS, CLOSE_CODES, MAX_MESSAGE_BYTES, type ServerMessage } from '@steward/protocol';
import { api } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';
import { until } from '../../test/until.js';
import { laptop, startAgentWorld, type AgentWorld } from './agents.fixture.js';

interface RawClient {
  ws: WebSocket;
  received: ServerMessage[];
  closed: Promise<{ code: number; reason: string }>;
  send(data: unknown): void;
  next(type: ServerMessage['type']): Promise<ServerMessage>;
}

async function enrolled(world: AgentWorld): Promise<{ agentId: string; credential: string }> {
  const res = await api(world.url, 'POST', AGENT_PATHS.enroll, {
    body: { secret: world.secret, hostname: 'raw-client', platform: 'linux', agentVersion: '0.0.1' },
  });
  expect(res.status).toBe(201);
  return res.body;
}

/** Opens a socket; resolves with the HTTP status when the upgrade is refused. */
function connect(
  world: AgentWorld,
  credential: string,
): Promise<RawClient | { status: number; headers: Record<string, unknown> }> {
  const ws = new WebSocket(`${world.url.replace(/^http/, 'ws')}${AGENT_PATHS.ws}`, {
    headers: { authorization: `Bearer ${credential}` },
  });
  const received: ServerMessage[] = [];
  ws.on('message', (d) => received.push(JSON.parse(String(d)) as ServerMessage));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        received,
        closed,
        send: (data) => ws.send(typeof data === 'string' ? data : JSON.stringify(data)),
        next: (type) =>
          until(
            `a ${type} message`,
            async () => {
              const i = received.findIndex((m) => m.type === type);
              return i >= 0 ? received.splice(i, 1)[0] : undefined;
            },
            5_000,
          ),
      }),
    );
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

async function open(world: AgentWorld, credential: string): Promise<RawClient> {
  const c = await connect(world, credential);
  if (!('ws' in c)) throw new Error(`upgrade refused: ${c.status}`);
  return c;
}

const hello = {
  v: 1,
  type: 'hello',
  agentVersion: '0.0.1',
  platform: 'linux',
  hostname: 'raw-client',
  capabilities: ['inventory'],
};

describeEachDialect('agents: the protocol at the gateway', (dialect) => {
  let world: AgentWorld;
  beforeAll(async () => {
    world = await startAgentWorld(dialect);
  });
  afterAll(() => world.stop());

  it('answers bad frames with a protocol error and keeps the connection; a wrong version or an oversized frame closes it', async () => {
    const { credential } = await enrolled(world);
    const c = await open(world, credential);
    c.send('{not json');
    expect(await c.next('error')).toMatchObject({ code: 'bad_json', fatal: false });
    c.send({ v: 1, type: 'task.ack' });
    expect(await c.next('error')).toMatchObject({
      code: 'bad_message',
      fatal: false,
      about: 'task.ack',
      message: expect.stringContaining('taskId'),
    });
    c.send({
      v: 1,
      type: 'task.result',
      taskId: 'not-mine',
      status: 'succeeded',
      finishedAt: new Date().toISOString(),
      result: 1,
    });
    expect(await c.next('error')).toMatchObject({ code: 'unknown_task' });
    // Still open and talking.
    c.send(hello);
    expect(await c.next('welcome')).toMatchObject({ type: 'welcome', heartbeatSeconds: 30 });

    c.send({ v: 2, type: 'heartbeat' });
    expect(await c.next('error')).toMatchObject({ code: 'unsupported_version', fatal: true });
    expect((await c.closed).code).toBe(CLOSE_CODES.protocolError);

    const big = await open(world, credential);
    big.send(JSON.stringify({ v: 1, type: 'heartbeat', pad: 'x'.repeat(MAX_MESSAGE_BYTES) }));
    expect((await big.closed).code).toBe(CLOSE_CODES.tooLarge);

    // The server is fine afterwards.
    expect((await api(world.url, 'GET', '/health')).status).toBe(200);
  });

  it('closes a revoked agent’s connection at once and refuses it afterwards', async () => {
    const { agentId, credential } = await enrolled(world);
    const c = await open(world, credential);
    c.send(hello);
    await c.next('welcome');
    const revoked = await api(world.url, 'POST', `/api/v1/agents/${agentId}/revoke`, {
      token: world.tenant.tokens.admin,
    });
    expect(revoked.body).toMatchObject({ status: 'revoked', online: false });
    expect((await c.closed).code).toBe(CLOSE_CODES.policyViolation);
    expect(await connect(world, credential)).toMatchObject({ status: 401 });
    const poll = await api(world.url, 'POST', AGENT_PATHS.poll, {
      headers: { authorization: `Bearer ${credential}` },
      body: { waitSeconds: 0 },
    });
    expect(poll.status).toBe(401);
    // Operators may not revoke.
    const other = await enrolled(world);
    expect(
      (
        await api(world.url, 'POST', `/api/v1/agents/${other.agentId}/revoke`, {
          token: world.tenant.tokens.operator,
        })
      ).status,
    ).toBe(403);
  });

  it('marks an agent offline when its connection ends, not when an older one it replaced ends', async () => {
    const { agentId, credential } = await enrolled(world);
    const agent = async () =>
      (await api(world.url, 'GET', `/api/v1/agents/${agentId}`, { token: world.tenant.tokens.viewer }))
        .body as {
        online: boolean;
        bytesIn: number;
        bytesOut: number;
      };
    const first = await open(world, credential);
    first.send(hello);
    await first.next('welcome');
    const second = await open(world, credential);
    second.send(hello);
    await second.next('welcome');
    expect((await first.closed).code).toBe(CLOSE_CODES.replaced);
    await new Promise((r) => setTimeout(r, 200));
    expect(await agent()).toMatchObject({ online: true });

    second.ws.close();
    await second.closed;
    const after = await until('the agent shown offline', async () => {
      const a = await agent();
      return a.online ? undefined : a;
    });
    // Both connections' traffic counted: each said hello and was welcomed.
    expect(after.bytesIn).toBeGreaterThanOrEqual(2 * JSON.stringify(hello).length);
    expect(after.bytesOut).toBeGreaterThan(0);
  });

  it('rotates a credential: the old one works until the new one is first used, then never again', async () => {
    const { credential } = await enrolled(world);
    const auth = (c: string) => ({ headers: { authorization: `Bearer ${c}` }, body: { waitSeconds: 0 } });
    const rotated = await api(world.url, 'POST', AGENT_PATHS.rotate, {
      headers: { authorization: `Bearer ${credential}` },
    });
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.credential as string;
    expect(fresh).not.toBe(credential);
    expect((await api(world.url, 'POST', AGENT_PATHS.poll, auth(credential))).status).toBe(200);
    expect((await api(world.url, 'POST', AGENT_PATHS.poll, auth(fresh))).status).toBe(200);
    expect((await api(world.url, 'POST', AGENT_PATHS.poll, auth(credential))).status).toBe(401);
  });

  it('"check in now" reaches the agent over its connection; an offline agent is reported as not reached', async () => {
    const { agentId, credential } = await enrolled(world);
    const c = await open(world, credential);
    c.send(hello);
    await c.next('welcome');
    const nudge = await api(world.url, 'POST', `/api/v1/agents/${agentId}/checkin`, {
      token: world.tenant.tokens.operator,
      body: { inventory: true },
    });
    expect(nudge.body).toEqual({ delivered: true });
    expect(await c.next('checkin')).toMatchObject({ inventory: true });
    c.ws.close();
    await until('offline', async () => (world.server.steward.gateway.linkOf(agentId) ? undefined : true));
    const missed = await api(world.url, 'POST', `/api/v1/agents/${agentId}/checkin`, {
      token: world.tenant.tokens.operator,
      body: {},
    });
    expect(missed.body).toEqual({ delivered: false });
  });

  it('answers polling uploads item by item, naming the index of a bad one', async () => {
    const { credential } = await enrolled(world);
    const res = await api(world.url, 'POST', AGENT_PATHS.messages, {
      headers: { authorization: `Bearer ${credential}` },
      body: { messages: [hello, { v: 1, type: 'nope' }, { v: 1, type: 'heartbeat' }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.messages).toEqual([
      expect.objectContaining({ type: 'welcome' }),
      expect.objectContaining({
        type: 'error',
        code: 'bad_message',
        message: expect.stringMatching(/^messages\[1\]: /),
      }),
    ]);
  });

  it('pushes the agent policy to connected agents when it changes, and to others as they connect', async () => {
    const { credential } = await enrolled(world);
    const c = await open(world, credential);
    c.send(hello);
    await c.next('welcome');
    const set = await api(world.url, 'PUT', '/api/v1/agent-policy', {
      token: world.tenant.tokens.admin,
      body: { inventoryIntervalMinutes: 120, settings: { ring: 'early' } },
    });
    expect(set.body).toMatchObject({ revision: 1, inventoryIntervalMinutes: 120 });
    expect(await c.next('policy')).toMatchObject({
      policy: { revision: 1, inventoryIntervalMinutes: 120, settings: { ring: 'early' } },
    });
    const later = await open(world, (await enrolled(world)).credential);
    later.send(hello);
    await later.next('welcome');
    expect(await later.next('policy')).toMatchObject({ policy: { revision: 1 } });
    const bad = await api(world.url, 'PUT', '/api/v1/agent-policy', {
      token: world.tenant.tokens.admin,
      body: { inventoryIntervalMinutes: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('body.inventoryIntervalMinutes');
    const operator = await api(world.url, 'PUT', '/api/v1/agent-policy', {
      token: world.tenant.tokens.operator,
      body: {},
    });
    expect(operator.status).toBe(403);
    c.ws.close();
    later.ws.close();
  });

  it('applies an inventory delta to the full one on record, and asks for a full one when there is none', async () => {
    const { agentId, credential } = await enrolled(world);
    const c = await open(world, credential);
    c.send(hello);
    await c.next('welcome');
    const at = () => new Date().toISOString();
    c.send({
      v: 1,
      type: 'inventory',
      id: 'inv-0',
      mode: 'delta',
      observedAt: at(),
      inventory: { hostname: 'x' },
    });
    expect(await c.next('error')).toMatchObject({ code: 'bad_message', about: 'inventory' });
    expect(await c.next('checkin')).toMatchObject({ inventory: true });
    // Received all the same: resending that delta would not help.
    expect(await c.next('received')).toMatchObject({ ids: ['inv-0'] });

    const full = laptop('DELTA00001');
    c.send({ v: 1, type: 'inventory', id: 'inv-1', mode: 'full', observedAt: at(), inventory: full });
    expect(await c.next('received')).toMatchObject({ ids: ['inv-1'] });
    c.send({
      v: 1,
      type: 'inventory',
      id: 'inv-2',
      mode: 'delta',
      observedAt: at(),
      inventory: { os: { ...full.os, version: '25.04' }, software: [{ name: 'openssl', version: '3.4.1' }] },
    });
    expect(await c.next('received')).toMatchObject({ ids: ['inv-2'] });
    const agent = await api(world.url, 'GET', `/api/v1/agents/${agentId}`, {
      token: world.tenant.tokens.viewer,
    });
    const asset = await api(world.url, 'GET', `/api/v1/assets/${agent.body.assetId}`, {
      token: world.tenant.tokens.viewer,
    });
    expect(asset.body).toMatchObject({
      serialNumber: 'DELTA00001',
      osVersion: '25.04',
      deviceType: 'laptop',
    });

    // Which devices run openssl 3.4.1 now? This one; its old 3.0.13 is gone with the new list.
    const find = (version: string) =>
      api(world.url, 'GET', `/api/v1/agents/software?name=openssl&version=${version}`, {
        token: world.tenant.tokens.viewer,
      });
    expect((await find('3.4.1')).body.items).toEqual([
      { agentId, hostname: 'raw-client', assetId: agent.body.assetId, name: 'openssl', version: '3.4.1' },
    ]);
    expect((await find('3.0.13')).body.items.map((i: { agentId: string }) => i.agentId)).not.toContain(
      agentId,
    );
    c.ws.close();
  });
});

describeEachDialect('agents: the connection cap', (dialect) => {
  let world: AgentWorld;
  beforeAll(async () => {
    world = await startAgentWorld(dialect, {
      agents: { maxConnections: 3, heartbeatSeconds: 30, retryAfterSeconds: 7 },
    });
  });
  afterAll(() => world.stop());

  it('refuses a bad credential at the upgrade with 401, and a full process with 503 and Retry-After', async () => {
    const { agentId } = await enrolled(world);
    const wrong = await connect(world, `${agentId}.${'x'.repeat(43)}`);
    expect(wrong).toMatchObject({ status: 401 });

    const clients: RawClient[] = [];
    for (let i = 0; i < 3; i++) clients.push(await open(world, (await enrolled(world)).credential));
    await until('three connections held', async () =>
      world.server.steward.gateway.size >= 3 ? true : undefined,
    );
    const refused = await connect(world, (await enrolled(world)).credential);
    expect(refused).toMatchObject({ status: 503, headers: { 'retry-after': '7' } });
    // The polling fallback is under the same cap.
    const extra = await enrolled(world);
    const poll = await api(world.url, 'POST', AGENT_PATHS.poll, {
      headers: { authorization: `Bearer ${extra.credential}` },
      body: { waitSeconds: 0 },
    });
    expect(poll.status).toBe(503);
    expect(poll.headers.get('retry-after')).toBe('7');
    for (const c of clients) c.ws.close();
    await until('connections released', async () =>
      world.server.steward.gateway.size === 0 ? true : undefined,
    );
  });
});
