import { basicAuth, defineConnector } from '@steward/sdk';
import { createIncident } from './actions/create-incident.action.js';
import { serviceNowConfigSchema, type ServiceNowConfig } from './config.js';
import { ping } from './transport.js';

export { serviceNowConfigSchema, type ServiceNowConfig } from './config.js';
export { createIncidentInputSchema, type CreateIncidentInput } from './actions/create-incident.action.js';
export { correlationIdOf } from './actions/create-once.js';

export const serviceNow = defineConnector<ServiceNowConfig>({
  id: 'servicenow',
  title: 'ServiceNow',
  category: 'itsm',
  description: 'Opens ServiceNow incidents, exactly once per dispatch.',
  configSchema: serviceNowConfigSchema,
  auth: {
    type: 'basic',
    secrets: [
      {
        key: 'password',
        label: 'Password',
        description: 'Of the integration user named in the configuration (itil role, Web service access).',
      },
    ],
    create: (config, secrets) => basicAuth({ username: config.username, password: secrets.password ?? '' }),
  },
  http: (config) => ({
    baseUrl: config.baseUrl,
    timeoutMs: config.http.timeoutMs,
    maxRetries: config.http.maxRetries,
    maxWaitMs: config.http.maxWaitMs,
    backoff: { baseMs: config.http.backoffBaseMs, maxMs: config.http.backoffMaxMs },
  }),
  streams: {},
  actions: { createIncident },
  async test(ctx) {
    const res = await ping(ctx);
    if (res.ok) {
      return {
        ok: true,
        message: `Connected to ServiceNow at ${ctx.config.baseUrl} as ${ctx.config.username}.`,
      };
    }
    return { ok: false, message: `ServiceNow answered ${res.failure.status}: ${res.failure.message}` };
  },
});
