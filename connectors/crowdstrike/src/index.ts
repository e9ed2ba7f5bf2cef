import { defineConnector, oauth2ClientCredentials } from '@steward/sdk';
import { contain } from './actions/contain.action.js';
import { liftContainment } from './actions/lift-containment.action.js';
import { crowdstrikeConfigSchema, type CrowdStrikeConfig } from './config.js';
import { hosts } from './ingest/hosts.stream.js';
import { countHosts } from './transport.js';

export const crowdstrikeFalcon = defineConnector<CrowdStrikeConfig>({
  id: 'crowdstrike-falcon',
  title: 'CrowdStrike Falcon',
  category: 'edr',
  description: 'Hosts with a Falcon sensor (identity, OS, sensor health) and network containment.',
  configSchema: crowdstrikeConfigSchema,
  auth: {
    type: 'oauth2_client_credentials',
    secrets: [
      {
        key: 'clientSecret',
        label: 'API client secret',
        description: 'Of an API client with the Hosts read and write scopes.',
      },
    ],
    create: (config, secrets) =>
      oauth2ClientCredentials({
        tokenUrl: `${config.baseUrl}/oauth2/token`,
        clientId: config.clientId,
        clientSecret: secrets.clientSecret ?? '',
        extraParams: config.memberCid ? { member_cid: config.memberCid } : undefined,
      }),
  },
  http: (config) => ({
    baseUrl: config.baseUrl,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    backoff: config.backoff,
    rateLimit: { requestsPerSecond: config.requestsPerMinute / 60, burst: 10 },
  }),
  streams: { hosts },
  actions: { contain, liftContainment },
  async test(ctx) {
    const total = await countHosts(ctx);
    return { ok: true, message: `Connected to CrowdStrike Falcon: ${total} host${total === 1 ? '' : 's'}.` };
  },
});

export { crowdstrikeConfigSchema, type CrowdStrikeConfig, type CrowdStrikeConfigInput } from './config.js';
export { mapHost } from './ingest/hosts.map.js';
export type { HostsCheckpoint } from './ingest/hosts.stream.js';
