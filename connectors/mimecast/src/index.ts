import { defineConnector, oauth2ClientCredentials } from '@steward/sdk';
import { testConnection } from './account.js';
import { blockSender } from './actions/block-sender.action.js';
import { createBlockedSenderPolicy } from './actions/create-blocked-sender-policy.action.js';
import { deleteBlockedSenderPolicy } from './actions/delete-blocked-sender-policy.action.js';
import { permitSender } from './actions/permit-sender.action.js';
import { mimecastConfigSchema, type MimecastConfig } from './config.js';

export {
  DEFAULT_BASE_URL,
  mimecastConfigSchema,
  type MimecastConfig,
  type MimecastConfigInput,
} from './config.js';

/** One Mimecast account per instance: a customer with 125 accounts configures 125, each labelled. */
export const mimecast = defineConnector<MimecastConfig>({
  id: 'mimecast',
  title: 'Mimecast',
  category: 'email_security',
  description:
    'Block and permit senders, and manage blocked-sender policies, in a Mimecast account (API 2.0).',
  configSchema: mimecastConfigSchema,
  auth: {
    type: 'oauth2_client_credentials',
    secrets: [
      {
        key: 'clientSecret',
        label: 'API 2.0 client secret',
        description: 'Of an API 2.0 application whose role may manage senders and policies.',
      },
    ],
    create: (config, secrets) =>
      oauth2ClientCredentials({
        tokenUrl: `${config.baseUrl}/oauth/token`,
        clientId: config.clientId,
        clientSecret: secrets.clientSecret ?? '',
      }),
  },
  http: (config) => ({
    baseUrl: config.baseUrl,
    maxConcurrent: 4,
    timeoutMs: config.http.timeoutMs,
    maxRetries: config.http.maxRetries,
    maxWaitMs: config.http.maxWaitMs,
    backoff: { baseMs: config.http.backoffBaseMs, maxMs: config.http.backoffMaxMs },
  }),
  streams: {},
  actions: { blockSender, permitSender, createBlockedSenderPolicy, deleteBlockedSenderPolicy },
  test: testConnection,
});
