import { simulatedFleet } from '@steward/sdk/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { simulator, startSlackSimulator, type SlackSimulator, type SlackSimulatorOptions } from './index.js';

let sim: SlackSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: SlackSimulatorOptions = {}): Promise<SlackSimulator> {
  sim = await startSlackSimulator(options);
  return sim;
}

async function post(
  url: string,
  body: string,
): Promise<{ status: number; type: string | null; text: string; retryAfter: string | null }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    text: await res.text(),
    retryAfter: res.headers.get('retry-after'),
  };
}

describe('Slack webhook simulator', () => {
  it('accepts text and blocks with a plain-text ok and records each message', async () => {
    const s = await start();
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Disk full*' } }];
    expect(await post(s.webhookUrl, JSON.stringify({ text: 'hello' }))).toMatchObject({
      status: 200,
      text: 'ok',
    });
    const second = await post(s.webhookUrl, JSON.stringify({ blocks, unfurl_links: false }));
    expect(second).toMatchObject({ status: 200, text: 'ok' });
    expect(second.type).toMatch(/^text\/plain/);
    expect(s.state.messages).toMatchObject([
      { hook: s.hook.path, channel: '#it-alerts', text: 'hello' },
      { hook: s.hook.path, blocks, unfurlLinks: false },
    ]);
    expect(Date.parse(s.state.messages[0]?.receivedAt ?? '')).not.toBeNaN();
    expect(s.hook.path).toMatch(/^\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{24}$/);
  });

  it('refuses bad payloads in plain text and records nothing', async () => {
    const s = await start({ rateLimit: { burst: 10 } });
    const answers = await Promise.all(
      [
        'not json',
        '[1]',
        '{"text":"x","blocks":[{"text":"no type"}]}',
        '{"blocks":[{"type":"bogus"}]}',
        '{}',
        '{"text":"  ","blocks":[]}',
      ].map((b) => post(s.webhookUrl, b)),
    );
    expect(answers.map((a) => `${a.status} ${a.text}`)).toEqual([
      '400 invalid_payload',
      '400 invalid_payload',
      '400 invalid_payload',
      '400 invalid_payload',
      '400 no_text',
      '400 no_text',
    ]);
    expect(s.state.messages).toEqual([]);
  });

  it('answers unknown, archived, missing-channel and prohibited hooks with their codes', async () => {
    const s = await start({
      hooks: [
        { channel: '#old', status: 'archived' },
        { channel: '#gone', status: 'channel_not_found' },
        { channel: '#locked', status: 'prohibited' },
      ],
    });
    const [, ...others] = [...s.state.hooks.values()];
    const body = JSON.stringify({ text: 'hi' });
    const answers = [
      await post(`${s.server.url}/services/T0/B0/nope`, body),
      await post(`${s.server.url}/elsewhere`, body),
      ...(await Promise.all(others.map((h) => post(s.urlOf(h), body)))),
    ];
    expect(answers.map((a) => `${a.status} ${a.text}`)).toEqual([
      '404 no_service',
      '404 no_service',
      '410 channel_is_archived',
      '404 channel_not_found',
      '403 action_prohibited',
    ]);
    expect(s.state.messages).toEqual([]);
  });

  it('paces each hook: a burst passes, then 429 rate_limited with Retry-After, and the bucket refills', async () => {
    const s = await start({ rateLimit: { burst: 2, perSecond: 10 } });
    const body = JSON.stringify({ text: 'x' });
    const burst = [
      await post(s.webhookUrl, body),
      await post(s.webhookUrl, body),
      await post(s.webhookUrl, body),
    ];
    expect(burst.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(burst[2]).toMatchObject({ text: 'rate_limited', retryAfter: '1' });
    await new Promise((r) => setTimeout(r, 150));
    expect((await post(s.webhookUrl, body)).status).toBe(200);
    expect(s.state.messages).toHaveLength(3);
  });

  it("injects the kit's faults in Slack's plain-text words", async () => {
    const s = await start();
    s.server.faults.inject(
      { type: 'server_error', times: 1, status: 500 },
      { type: 'rate_limit', times: 1, retryAfterSeconds: 2 },
    );
    const body = JSON.stringify({ text: 'x' });
    const answers = [
      await post(s.webhookUrl, body),
      await post(s.webhookUrl, body),
      await post(s.webhookUrl, body),
    ];
    expect(answers.map((a) => `${a.status} ${a.text} ${a.retryAfter}`)).toEqual([
      '500 rollup_error null',
      '429 rate_limited 2',
      '200 ok null',
    ]);
    expect(s.server.requests.map((r) => r.status)).toEqual([500, 429, 200]);
    expect(s.state.messages).toHaveLength(1);
  });

  it('starts for the platform with a channel label and the webhook URL as the secret', async () => {
    const started = await simulator.start({ fleet: simulatedFleet({ devices: 1 }) });
    try {
      expect(started.config).toEqual({ channel: '#it-alerts' });
      expect(started.secrets.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/services\/T\w+\/B\w+\/\w{24}$/);
      expect((await post(started.secrets.webhookUrl ?? '', '{"text":"up"}')).text).toBe('ok');
    } finally {
      await started.server.close();
    }
  });
});
