import { defineConnector, noAuth } from '@steward/sdk';
import { notify } from './actions/notify.action.js';
import { parseWebhookUrl, slackConfigSchema, type SlackConfig } from './config.js';
import { describeRefusal, postToWebhook } from './webhook.js';

export type { SlackConfig } from './config.js';
export { parseWebhookUrl, slackConfigSchema } from './config.js';
export { notifyInputSchema } from './actions/notify.action.js';

/** Slack's documented pace is about one message a second per webhook, with short bursts allowed. */
const MESSAGES_PER_SECOND = 1;
const BURST = 3;

// An empty object posts nothing: a live hook refuses it with one of these, which proves the URL works.
const PROBE_REFUSALS = new Set(['no_text', 'invalid_payload']);

export const slack = defineConnector<SlackConfig>({
  id: 'slack',
  title: 'Slack',
  category: 'messaging',
  description: 'Posts alerts and notifications to a Slack channel through an incoming webhook.',
  configSchema: slackConfigSchema,
  auth: {
    // The webhook URL is the credential: nothing goes in a header.
    type: 'none',
    secrets: [
      {
        key: 'webhookUrl',
        label: 'Incoming webhook URL',
        description:
          'https://hooks.slack.com/services/T…/B…/… from a Slack app with Incoming Webhooks enabled. Anyone holding it can post to its channel: it is stored as a secret.',
      },
    ],
    create: () => noAuth(),
  },
  http: (config, secrets) => {
    const hook = parseWebhookUrl(secrets.webhookUrl);
    return {
      baseUrl: hook.href,
      secrets: hook.secrets,
      rateLimit: { requestsPerSecond: MESSAGES_PER_SECOND, burst: BURST },
      timeoutMs: config.http.timeoutMs,
      maxRetries: config.http.maxRetries,
      maxWaitMs: config.http.maxWaitMs,
      backoff: { baseMs: config.http.backoffBaseMs, maxMs: config.http.backoffMaxMs },
    };
  },
  streams: {},
  actions: { notify },
  async test(ctx) {
    // A webhook has no read endpoint: probe with an empty message, which Slack refuses without posting.
    const where = ctx.config.channel ? ` for ${ctx.config.channel}` : '';
    const answer = await postToWebhook(ctx, {});
    if (answer.ok) return { ok: true, message: `The Slack webhook${where} accepted a probe.` };
    if (answer.status === 400 && PROBE_REFUSALS.has(answer.code)) {
      return {
        ok: true,
        message: `The Slack webhook${where} is live (it refused an empty probe with ${answer.code}; nothing was posted).`,
      };
    }
    return { ok: false, message: `Slack refused the webhook${where}: ${describeRefusal(answer)}` };
  },
});
