import { isStewardError, type StewardError } from '@steward/domain';
import type { TransportEvent } from '@steward/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSimulators, connect, meta, rejectionOf, startSlack, statusesOf } from './e2e.helpers.js';
import { slack } from './index.js';

afterEach(closeSimulators);

const secretParts = (url: string): string[] => {
  const path = new URL(url).pathname;
  return [url, path, path.split('/').pop() ?? ''];
};

describe('Slack notify, end to end', () => {
  it('is declared a plain message: not reversible, not destructive, no target', () => {
    expect(slack.actions.notify).toMatchObject({ reversible: false, destructive: false });
    expect(slack.actions.notify?.target).toBeUndefined();
    expect(slack.streams).toEqual({});
  });

  it('delivers text, then blocks with a fallback and link unfurling off, each once', async () => {
    const sim = await startSlack();
    const instance = connect(sim.webhookUrl);
    const first = await instance.executeAction('notify', { text: 'Laptop C02XYZ went missing' }, meta());
    expect(first).toMatchObject({
      status: 'succeeded',
      message: 'Posted to #it-alerts on Slack.',
      data: { attempts: 1 },
    });

    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'EDR alert' } },
      { type: 'section', text: { type: 'mrkdwn', text: '*host-7* contained' }, fields: [] },
    ];
    await instance.executeAction('notify', { text: 'EDR alert', blocks, unfurlLinks: false }, meta());
    expect(sim.state.messages).toMatchObject([
      { hook: sim.hook.path, channel: '#it-alerts', text: 'Laptop C02XYZ went missing' },
      { text: 'EDR alert', blocks, unfurlLinks: false },
    ]);
    expect(sim.state.messages[0]).not.toHaveProperty('blocks');
    expect(statusesOf(sim)).toEqual([200, 200]);
  });

  it('refuses bad input naming the field, without calling Slack', async () => {
    const sim = await startSlack();
    const instance = connect(sim.webhookUrl);
    const cases: Array<[unknown, string]> = [
      [{}, 'text'],
      [{ text: '   ' }, 'text'],
      [{ text: 'x'.repeat(40_001) }, 'text'],
      [{ text: 'x', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) }, 'blocks'],
      [{ blocks: [{ text: 'no type' }] }, 'blocks.0.type'],
      [{ text: 'x', unfurlLinks: 'yes' }, 'unfurlLinks'],
      [{ text: 'x', channel: '#other' }, '(root)'],
    ];
    for (const [input, path] of cases) {
      const error = (await rejectionOf(instance.executeAction('notify', input, meta()))) as StewardError;
      expect(error.code, JSON.stringify(input).slice(0, 60)).toBe('validation_failed');
      expect(error.details.map((d) => d.path)).toContain(path);
    }
    expect(sim.server.requests).toEqual([]);
  });

  it("maps each of Slack's refusals to an upstream error with its code, sent once and never retried", async () => {
    const sim = await startSlack({
      hooks: [
        { channel: '#old', status: 'archived' },
        { channel: '#gone', status: 'channel_not_found' },
        { channel: '#locked', status: 'prohibited' },
      ],
    });
    const [live, archived, gone, locked] = [...sim.state.hooks.values()];
    if (!live || !archived || !gone || !locked) throw new Error('hooks missing');
    const unknownUrl = `${sim.server.url}/services/T000/B000/revokedrevokedrevoked000`;
    const cases: Array<[string, unknown, string]> = [
      [
        sim.urlOf(archived),
        { text: 'x' },
        'channel_is_archived (410). The channel this webhook posts to is archived.',
      ],
      [
        sim.urlOf(gone),
        { text: 'x' },
        'channel_not_found (404). The channel this webhook was created for no longer exists.',
      ],
      [
        sim.urlOf(locked),
        { text: 'x' },
        'action_prohibited (403). A workspace admin restricted posting to this channel.',
      ],
      [unknownUrl, { text: 'x' }, 'no_service (404). The webhook was revoked, or the URL is wrong.'],
      [
        sim.urlOf(live),
        { blocks: [{ type: 'bogus' }] },
        'invalid_payload (400). The message is not valid JSON or its blocks are malformed.',
      ],
    ];
    for (const [url, input, said] of cases) {
      const before = sim.server.requests.length;
      const error = (await rejectionOf(connect(url).executeAction('notify', input, meta()))) as StewardError;
      expect(isStewardError(error)).toBe(true);
      expect(error.code).toBe('upstream_failed');
      expect(error.message).toBe(`Slack refused the message: ${said}`);
      expect(sim.server.requests.length - before).toBe(1);
      for (const part of secretParts(url)) expect(error.message).not.toContain(part);
    }
    expect(sim.state.messages).toEqual([]);
  });

  it('waits out a 429 from a hook another app spent, then delivers exactly once', async () => {
    const sim = await startSlack();
    sim.state.spend(sim.hook.path, 5);
    const events: TransportEvent[] = [];
    const started = performance.now();
    await connect(sim.webhookUrl, { events }).executeAction('notify', { text: 'after the burst' }, meta());
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(statusesOf(sim)).toEqual([429, 200]);
    expect(sim.state.messages.map((m) => m.text)).toEqual(['after the burst']);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'throttled', source: 'retry-after', status: 429 }),
    );
  });

  it('paces one instance below the hook limit: a burst of 5 messages earns no 429', async () => {
    const sim = await startSlack();
    const instance = connect(sim.webhookUrl);
    const started = performance.now();
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) => instance.executeAction('notify', { text: `m${n}` }, meta())),
    );
    // Three back to back, then one a second.
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_800);
    expect(statusesOf(sim)).toEqual([200, 200, 200, 200, 200]);
    expect(sim.state.messages.map((m) => m.text).sort()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('retries a 500 rollup_error (not posted) and delivers once; gives up after maxRetries', async () => {
    const sim = await startSlack();
    sim.server.faults.inject({ type: 'server_error', times: 1, status: 500 });
    const instance = connect(sim.webhookUrl);
    const done = await instance.executeAction('notify', { text: 'retried' }, meta());
    expect(done.data).toMatchObject({ attempts: 2 });
    expect(statusesOf(sim)).toEqual([500, 200]);
    expect(sim.state.messages).toHaveLength(1);

    sim.server.faults.inject({ type: 'server_error', times: 10, status: 500 });
    const error = await rejectionOf(instance.executeAction('notify', { text: 'lost' }, meta()));
    expect(error.message).toBe('Slack failed with rollup_error (500) 4 times; the message was not posted.');
    expect(statusesOf(sim).slice(2)).toEqual([500, 500, 500, 500]);
    expect(sim.state.messages).toHaveLength(1);
  });

  it('does not re-send after a dropped connection, since Slack may have posted it', async () => {
    const sim = await startSlack();
    sim.server.faults.inject({ type: 'drop_connection', times: 1 });
    const error = await rejectionOf(connect(sim.webhookUrl).executeAction('notify', { text: 'x' }, meta()));
    expect(error.message).toMatch(/may or may not have been posted, so it was not sent again/);
    expect(statusesOf(sim)).toEqual([0]);
  });

  it('never puts the webhook URL in an error, whichever way the message fails', async () => {
    const sim = await startSlack({ hooks: [{ channel: '#old', status: 'archived' }] });
    const archived = [...sim.state.hooks.values()][1];
    if (!archived) throw new Error('hook missing');
    const failures: Error[] = [];
    const fail = async (url: string, setup: () => void, http: Record<string, number> = {}) => {
      setup();
      failures.push(await rejectionOf(connect(url, { http }).executeAction('notify', { text: 'x' }, meta())));
    };
    await fail(sim.urlOf(archived), () => {});
    await fail(sim.webhookUrl, () =>
      sim.server.faults.inject({ type: 'server_error', times: 4, status: 503 }),
    );
    await fail(sim.webhookUrl, () => sim.server.faults.inject({ type: 'drop_connection', times: 1 }));
    // A Retry-After longer than we sit out: the transport's rate_limited error.
    await fail(sim.webhookUrl, () => sim.state.spend(sim.hook.path, 5), { maxWaitMs: 10 });
    const closed = await startSlack();
    await closed.close();
    await fail(closed.webhookUrl, () => {});

    expect(failures.map((e) => (e as StewardError).code)).toEqual([
      'upstream_failed',
      'upstream_failed',
      'upstream_failed',
      'unavailable',
      'upstream_failed',
    ]);
    const secrets = [
      ...secretParts(sim.webhookUrl),
      ...secretParts(sim.urlOf(archived)),
      ...secretParts(closed.webhookUrl),
    ];
    for (const error of failures) {
      const text = `${error.message} ${JSON.stringify(error)} ${String(error.cause ?? '')}`;
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});
