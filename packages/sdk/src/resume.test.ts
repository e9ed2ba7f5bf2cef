// Resuming an action whose earlier attempt was cut off by a crash (`meta.resumingSince`): each policy over
// real HTTP against a small message board that, like Slack or Jamf, keeps no idempotency key.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isStewardError } from '@steward/domain';
import { noAuth } from './auth/auth-scheme.js';
import {
  defineAction,
  defineConnector,
  type ActionDefinition,
  type ConnectorContext,
  type ResumePolicy,
} from './connector.js';
import { instantiateConnector } from './instance.js';
import { sendJson, startTestServer, type TestServer } from './testing/http-test-server.js';

interface Posted {
  id: string;
  text: string;
  at: string;
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** POST /messages posts one (no key honoured); GET /messages lists them with when they were posted. */
async function startBoard(): Promise<{ url: string; posted: Posted[] }> {
  const posted: Posted[] = [];
  server = await startTestServer((req, res) => {
    if (req.url === '/messages' && req.method === 'POST') {
      const { text } = z.object({ text: z.string() }).parse(JSON.parse(req.body));
      const message = { id: `m${posted.length + 1}`, text, at: new Date().toISOString() };
      posted.push(message);
      return sendJson(res, 201, message);
    }
    if (req.url === '/messages' && req.method === 'GET') return sendJson(res, 200, posted);
    return sendJson(res, 404, { error: 'not found' });
  });
  return { url: server.url, posted };
}

type Ctx = ConnectorContext<{ baseUrl: string }>;
const inputSchema = z.object({ text: z.string() });
const postedSchema = z.object({ id: z.string(), text: z.string(), at: z.string() });
/** What each execute was told, to show `resumingSince` reaches it. */
const executed: Array<string | undefined> = [];

function post(
  resume?: ResumePolicy,
  lookup?: ActionDefinition<{ baseUrl: string }, typeof inputSchema>['findEarlier'],
) {
  return defineAction({
    title: `Post (${resume ?? 'no policy'})`,
    inputSchema,
    reversible: false,
    destructive: false,
    ...(resume ? { resume } : {}),
    ...(lookup ? { findEarlier: lookup } : {}),
    async execute(ctx: Ctx, input, meta) {
      executed.push(meta.resumingSince);
      const res = await ctx.http.request({
        method: 'POST',
        path: '/messages',
        json: input,
        schema: postedSchema,
      });
      return { status: 'succeeded', externalId: res.json.id, message: 'posted' };
    },
  });
}

const board = defineConnector<{ baseUrl: string }>({
  id: 'board',
  title: 'Board',
  category: 'messaging',
  configSchema: z.object({ baseUrl: z.url() }),
  auth: { type: 'none', secrets: [], create: () => noAuth() },
  http: (config) => ({ baseUrl: config.baseUrl, maxRetries: 0 }),
  streams: {},
  actions: {
    unknown: post(),
    repeat: post('repeat'),
    atLeastOnce: post('at-least-once'),
    lookup: post('lookup', async (ctx: Ctx, input, meta) => {
      const res = await ctx.http.request({ path: '/messages', schema: z.array(postedSchema) });
      const since = Date.parse(meta.resumingSince);
      const found = res.json.find((m) => m.text === input.text && Date.parse(m.at) >= since);
      return found ? { status: 'succeeded', externalId: found.id, message: 'found' } : null;
    }),
  },
  test: () => Promise.resolve({ ok: true, message: 'ok' }),
});

async function connect() {
  const { url, posted } = await startBoard();
  executed.length = 0;
  return { instance: instantiateConnector(board, { config: { baseUrl: url }, secrets: {} }), posted };
}

const resumed = (since: Date) => ({ idempotencyKey: 'k-1', resumingSince: since.toISOString() });
const methods = () => (server?.requests ?? []).map((r) => `${r.method} ${r.url}`);

describe('resuming an action cut off by a crash', () => {
  it('without a policy: refuses with outcome_unknown (409) and sends nothing', async () => {
    const { instance, posted } = await connect();
    const error = await instance
      .executeAction('unknown', { text: 'hello' }, resumed(new Date()))
      .catch((e: unknown) => e);
    expect(isStewardError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'outcome_unknown',
      status: 409,
      details: [{ path: 'idempotencyKey', reason: 'outcome unknown after an interrupted attempt' }],
    });
    expect((error as Error).message).toContain('Post (no policy)');
    expect(methods()).toEqual([]);
    expect(posted).toEqual([]);
    expect(executed).toEqual([]);
  });

  it('without a policy, a first attempt (not resumed) is sent as usual', async () => {
    const { instance, posted } = await connect();
    await instance.executeAction('unknown', { text: 'hello' }, { idempotencyKey: 'k-1' });
    expect(posted.map((m) => m.text)).toEqual(['hello']);
    expect(executed).toEqual([undefined]);
  });

  it.each(['repeat', 'atLeastOnce'] as const)(
    '%s: sends again, telling execute when the cut-off attempt began',
    async (action) => {
      const { instance, posted } = await connect();
      const since = new Date();
      await instance.executeAction(action, { text: 'hello' }, { idempotencyKey: 'k-1' });
      const result = await instance.executeAction(action, { text: 'hello' }, resumed(since));
      expect(result).toEqual({ status: 'succeeded', externalId: 'm2', message: 'posted' });
      expect(posted.map((m) => m.text)).toEqual(['hello', 'hello']);
      expect(executed).toEqual([undefined, since.toISOString()]);
    },
  );

  it('lookup: an earlier attempt found at the vendor is the result, and nothing is sent', async () => {
    const { instance, posted } = await connect();
    const since = new Date(Date.now() - 1000);
    // The cut-off attempt's request had reached the board before its process died.
    await instance.executeAction('lookup', { text: 'hello' }, { idempotencyKey: 'k-1' });
    const before = methods().length;
    const result = await instance.executeAction('lookup', { text: 'hello' }, resumed(since));
    expect(result).toEqual({ status: 'succeeded', externalId: 'm1', message: 'found' });
    expect(methods().slice(before)).toEqual(['GET /messages']);
    expect(posted).toHaveLength(1);
  });

  it('lookup: nothing found since the cut-off attempt began, so it is sent', async () => {
    const { instance, posted } = await connect();
    // An older post of the same text is not this attempt's.
    await instance.executeAction('lookup', { text: 'hello' }, { idempotencyKey: 'k-0' });
    await new Promise((r) => setTimeout(r, 20));
    const since = new Date();
    const result = await instance.executeAction('lookup', { text: 'hello' }, resumed(since));
    expect(result).toMatchObject({ externalId: 'm2', message: 'posted' });
    expect(methods()).toEqual(['POST /messages', 'GET /messages', 'POST /messages']);
    expect(posted).toHaveLength(2);
    expect(executed).toEqual([undefined, since.toISOString()]);
  });

  it('lookup: a first attempt (not resumed) does not look', async () => {
    const { instance } = await connect();
    await instance.executeAction('lookup', { text: 'hello' }, { idempotencyKey: 'k-1' });
    expect(methods()).toEqual(['POST /messages']);
  });

  it("refuses to declare resume 'lookup' without findEarlier", () => {
    expect(() => defineConnector({ ...board, actions: { broken: post('lookup') } })).toThrow(
      'Connector "board" is not valid: actions.broken.findEarlier: resume \'lookup\' needs findEarlier',
    );
  });
});
