import { defineConnector, isHttpError } from '@steward/sdk';
import { createHttpAuth } from './auth.js';
import { httpApiConfigSchema, type HttpApiConfig } from './config.js';

export type { HttpApiConfig, HttpAuth } from './config.js';
export { httpApiConfigSchema } from './config.js';

/**
 * A credential for any REST API: a base URL, an auth method and its vaulted secret. It has no streams or
 * actions of its own; generic HTTP actions and saved presets run their requests through it.
 */
export const httpApi = defineConnector<HttpApiConfig>({
  id: 'http-api',
  title: 'HTTP API',
  category: 'generic',
  description:
    'Any REST API: a base URL and a vaulted credential (bearer token, API-key header, basic or OAuth2 ' +
    'client credentials) for generic HTTP actions and presets.',
  configSchema: httpApiConfigSchema,
  auth: {
    type: 'configurable',
    secrets: [
      {
        key: 'token',
        label: 'Token or API key',
        description: 'For bearer and header authentication.',
        optional: true,
      },
      { key: 'password', label: 'Password', description: 'For basic authentication.', optional: true },
      {
        key: 'clientSecret',
        label: 'Client secret',
        description: 'For OAuth2 client credentials.',
        optional: true,
      },
    ],
    create: (config, secrets) => createHttpAuth(config.auth, secrets),
  },
  http: (config) => ({
    baseUrl: config.baseUrl,
    headers: config.headers,
    maxConcurrent: config.maxConcurrent,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    backoff: config.backoffBaseMs ? { baseMs: config.backoffBaseMs, maxMs: config.backoffBaseMs * 8 } : {},
    rateLimit: config.requestsPerSecond ? { requestsPerSecond: config.requestsPerSecond } : undefined,
  }),
  streams: {},
  actions: {},
  async test(ctx) {
    try {
      const res = await ctx.http.request({ path: ctx.config.testPath, signal: ctx.signal });
      return { ok: true, message: `${ctx.config.baseUrl} answered ${res.status}.` };
    } catch (e) {
      if (isHttpError(e)) return { ok: false, message: e.message };
      throw e;
    }
  },
});
