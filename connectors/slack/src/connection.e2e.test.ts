import { isStewardError, type StewardError } from '@steward/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSimulators, connect, rejectionOf, startSlack, statusesOf } from './e2e.helpers.js';

afterEach(closeSimulators);

describe('Slack connection test', () => {
  it('is ok on a live hook, proven by an empty probe that posts nothing', async () => {
    const sim = await startSlack();
    const result = await connect(sim.webhookUrl).test();
    expect(result).toEqual({
      ok: true,
      message:
        'The Slack webhook for #it-alerts is live (it refused an empty probe with no_text; nothing was posted).',
    });
    expect(statusesOf(sim)).toEqual([400]);
    expect(sim.state.messages).toEqual([]);
  });

  it("is not ok on an unknown or archived hook, with Slack's code and without the URL", async () => {
    const sim = await startSlack({ hooks: [{ channel: '#old', status: 'archived' }] });
    const archived = [...sim.state.hooks.values()][1];
    if (!archived) throw new Error('hook missing');
    const unknownUrl = `${sim.server.url}/services/T000/B000/revokedrevokedrevoked000`;

    const unknown = await connect(unknownUrl).test();
    expect(unknown).toEqual({
      ok: false,
      message:
        'Slack refused the webhook for #it-alerts: no_service (404). The webhook was revoked, or the URL is wrong.',
    });
    const gone = await connect(sim.urlOf(archived), { channel: '#old' }).test();
    expect(gone.ok).toBe(false);
    expect(gone.message).toContain('channel_is_archived (410)');
    expect(sim.state.messages).toEqual([]);
    expect(sim.server.requests.map((r) => r.status)).toEqual([404, 410]);
  });

  it('is not ok, naming no secret, when Slack cannot be reached', async () => {
    const sim = await startSlack();
    await sim.close();
    const result = await connect(sim.webhookUrl).test();
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/Slack did not answer \(network\)/);
    expect(result.message).not.toContain(sim.hook.path.split('/').pop());
  });
});

describe('Slack webhook URL', () => {
  it('accepts the production shape and the simulator shape', async () => {
    expect(
      connect('https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abcdefghijklmnopqrstuvwx').http.baseUrl,
    ).toBe('https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abcdefghijklmnopqrstuvwx');
    const sim = await startSlack();
    expect(connect(sim.webhookUrl).http.baseUrl).toBe(sim.webhookUrl);
  });

  it('refuses anything else with a validation error on secrets.webhookUrl that does not echo the value', async () => {
    const bad: Array<[string, RegExp]> = [
      ['not a url xoxb-SECRET1', /it is not a URL/],
      [
        'https://hooks.slack.com/api/SECRET1/chat.postMessage',
        /expected https:\/\/hooks\.slack\.com\/services/,
      ],
      ['https://hooks.slack.com/services/T1/B1', /expected https:\/\/hooks\.slack\.com\/services/],
      ['http://hooks.slack.com/services/T1/B1/SECRET1', /hooks\.slack\.com is only reachable over https/],
      ['ftp://example.com/services/T1/B1/SECRET1', /it must be an https:\/\/ URL/],
      ['https://hooks.slack.com/services/T1/B1/SECRET1?x=1', /must not carry a query/],
    ];
    for (const [url, reason] of bad) {
      const error = (await rejectionOf(Promise.resolve().then(() => connect(url)))) as StewardError;
      expect(isStewardError(error), url).toBe(true);
      expect(error.code).toBe('validation_failed');
      expect(error.message).toMatch(reason);
      expect(error.details).toEqual([{ path: 'secrets.webhookUrl', reason: expect.stringMatching(reason) }]);
      expect(JSON.stringify(error) + error.message).not.toContain('SECRET1');
    }
    const missing = (await rejectionOf(Promise.resolve().then(() => connect('')))) as StewardError;
    expect(missing.details).toEqual([{ path: 'secrets.webhookUrl', reason: 'required' }]);
  });

  it('refuses config keys a new-style webhook ignores', async () => {
    const sim = await startSlack();
    const { instantiateConnector } = await import('@steward/sdk');
    const { slack } = await import('./index.js');
    const error = (await rejectionOf(
      Promise.resolve().then(() =>
        instantiateConnector(slack, { config: { username: 'bot' }, secrets: { webhookUrl: sim.webhookUrl } }),
      ),
    )) as StewardError;
    expect(error.code).toBe('validation_failed');
    expect(error.message).not.toContain(sim.webhookUrl);
  });
});
