import { defineConnector, staticHeader } from '@steward/sdk';
import { oktaConfigSchema, type OktaConfig } from './config.js';
import { deactivate } from './actions/deactivate.action.js';
import { suspend } from './actions/suspend.action.js';
import { unsuspend } from './actions/unsuspend.action.js';
import { users } from './ingest/users.stream.js';
import { ping } from './transport.js';

export type { OktaConfig } from './config.js';
export { oktaConfigSchema } from './config.js';

export const okta = defineConnector<OktaConfig>({
  id: 'okta',
  title: 'Okta',
  category: 'directory',
  description: 'People from Okta Universal Directory; suspend, unsuspend and deactivate users.',
  configSchema: oktaConfigSchema,
  auth: {
    type: 'static_header',
    secrets: [
      {
        key: 'apiToken',
        label: 'API token',
        description: 'An Okta API token (Security → API → Tokens) of an admin allowed to manage users.',
      },
    ],
    create: (_config, secrets) =>
      staticHeader({ header: 'Authorization', prefix: 'SSWS', token: secrets.apiToken ?? '' }),
  },
  http: (config) => ({
    baseUrl: config.baseUrl,
    // Okta's concurrency limit is per org and shared with every other integration: stay modest.
    maxConcurrent: 4,
    timeoutMs: config.http.timeoutMs,
    maxRetries: config.http.maxRetries,
    maxWaitMs: config.http.maxWaitMs,
    backoff: { baseMs: config.http.backoffBaseMs, maxMs: config.http.backoffMaxMs },
  }),
  streams: { users },
  actions: { suspend, unsuspend, deactivate },
  async test(ctx) {
    const res = await ping(ctx);
    if (res.ok) return { ok: true, message: `Connected to Okta at ${ctx.config.baseUrl}.` };
    return {
      ok: false,
      message: `Okta answered ${res.failure.status} ${res.failure.errorCode}: ${res.failure.message}`,
    };
  },
});
