import { errors } from '@steward/domain';
import { z } from 'zod';
import { httpTuningSchema } from '@steward/sdk';

export { httpTuningSchema, type HttpTuning } from '@steward/sdk';

export const slackConfigSchema = z
  .object({
    channel: z
      .string()
      .trim()
      .min(1)
      .max(80)
      .optional()
      .meta({
        title: 'Channel (display only)',
        description:
          'Shown to admins only: an incoming webhook posts to the channel it was created for, and new-style ' +
          'webhooks ignore any channel, username or icon in the payload.',
      }),
    http: httpTuningSchema.default({}).meta({
      title: 'Advanced HTTP settings',
      description:
        'Advanced: timeouts and retries of the HTTP client, rarely changed; every field may be left blank.',
    }),
  })
  .strict();
export type SlackConfig = z.infer<typeof slackConfigSchema>;

export interface WebhookUrl {
  /** The URL as requests use it. */
  href: string;
  /** Every part that gives the URL away, for the transport to scrub from error texts. */
  secrets: string[];
}

const HOOK_PATH = /^\/services\/[^/]+\/[^/]+\/[^/]+$/;
export const SLACK_HOOKS_HOST = 'hooks.slack.com';

/**
 * Checks the secret has a webhook's shape: `https://hooks.slack.com/services/T…/B…/X…` in production, or
 * any http(s) URL with that path (a simulator, an egress proxy). Slack's own host must be HTTPS, so the
 * credential never crosses the network in clear. The error never repeats the value: the URL is the secret.
 */
export function parseWebhookUrl(value: string | undefined): WebhookUrl {
  const invalid = (reason: string) =>
    errors.validation(`The Slack incoming webhook URL is not valid: ${reason}.`, [
      { path: 'secrets.webhookUrl', reason },
    ]);
  const raw = (value ?? '').trim();
  if (!URL.canParse(raw)) throw invalid('it is not a URL');
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('it must be an https:// URL');
  if (url.hostname === SLACK_HOOKS_HOST && url.protocol !== 'https:') {
    throw invalid(`${SLACK_HOOKS_HOST} is only reachable over https://`);
  }
  if (!HOOK_PATH.test(url.pathname)) {
    throw invalid('expected https://hooks.slack.com/services/T…/B…/…');
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw invalid('it must not carry a query, fragment or user name');
  }
  const token = url.pathname.split('/').pop() ?? '';
  return { href: url.href, secrets: [raw, url.href, url.pathname, token] };
}
