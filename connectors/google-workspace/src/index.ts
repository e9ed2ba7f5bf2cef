import { defineConnector, googleServiceAccount, googleServiceAccountKey } from '@steward/sdk';
import { googleWorkspaceConfigSchema, type GoogleWorkspaceConfig } from './config.js';
import { suspend } from './actions/suspend.action.js';
import { unsuspend } from './actions/unsuspend.action.js';
import { users } from './ingest/users.stream.js';
import { DIRECTORY_USER_SCOPE, isGoogleRateLimited, ping } from './transport.js';

export type { GoogleWorkspaceConfig } from './config.js';
export { googleWorkspaceConfigSchema } from './config.js';

/**
 * Google Workspace directory: people, and suspend/unsuspend. Google has no "deactivate"; deleting a user
 * destroys their data, which is not an action Steward offers.
 */
export const googleWorkspace = defineConnector<GoogleWorkspaceConfig>({
  id: 'google-workspace',
  title: 'Google Workspace',
  category: 'directory',
  description: 'People from the Google Workspace directory; suspend and unsuspend users.',
  configSchema: googleWorkspaceConfigSchema,
  auth: {
    type: 'google_service_account',
    secrets: [
      {
        key: 'serviceAccountKey',
        label: 'Service-account key (JSON)',
        description: `The JSON key of a service account with domain-wide delegation of ${DIRECTORY_USER_SCOPE}.`,
        multiline: true,
      },
    ],
    create: (config, secrets) => {
      const key = googleServiceAccountKey(secrets.serviceAccountKey ?? '');
      return googleServiceAccount({
        ...key,
        scopes: [DIRECTORY_USER_SCOPE],
        subject: config.adminEmail,
        tokenUri: config.tokenUrl ?? key.tokenUri,
      });
    },
  },
  http: (config) => ({
    baseUrl: config.baseUrl,
    maxConcurrent: 4,
    isRateLimited: isGoogleRateLimited,
    timeoutMs: config.http.timeoutMs,
    maxRetries: config.http.maxRetries,
    backoff: { baseMs: config.http.backoffBaseMs, maxMs: config.http.backoffMaxMs },
  }),
  streams: { users },
  actions: { suspend, unsuspend },
  async test(ctx) {
    const res = await ping(ctx);
    if (res.ok) return { ok: true, message: `Connected to Google Workspace as ${ctx.config.adminEmail}.` };
    return {
      ok: false,
      message: `Google answered ${res.failure.status} ${res.failure.reason}: ${res.failure.message}`,
    };
  },
});
