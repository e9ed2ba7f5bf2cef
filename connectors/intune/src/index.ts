import { defineConnector, isHttpError, oauth2ClientCredentials, type ConnectorContext } from '@steward/sdk';
import { deleteDevice } from './actions/delete-device.action.js';
import { remoteLock } from './actions/remote-lock.action.js';
import { retire } from './actions/retire.action.js';
import { syncDevice } from './actions/sync-device.action.js';
import { wipe } from './actions/wipe.action.js';
import { GRAPH_SCOPE, intuneConfigSchema, tokenUrlOf, type IntuneConfig } from './config.js';
import { managedDevices } from './ingest/managed-devices.stream.js';
import { probeManagedDevices } from './transport.js';

export type { IntuneConfig } from './config.js';
export { intuneConfigSchema } from './config.js';

async function test(ctx: ConnectorContext<IntuneConfig>): Promise<{ ok: boolean; message: string }> {
  try {
    await probeManagedDevices(ctx);
    return { ok: true, message: 'Connected to Microsoft Intune: the app can read managed devices.' };
  } catch (e) {
    if (!isHttpError(e)) throw e;
    if (e.code === 'token_request_failed' || e.code === 'token_response_invalid') {
      return { ok: false, message: `Microsoft Entra ID refused the app's sign-in: ${e.message}` };
    }
    if (e.status === 403) {
      return {
        ok: false,
        message: `Signed in, but the app may not read Intune devices (grant DeviceManagementManagedDevices.Read.All): ${e.message}`,
      };
    }
    throw e;
  }
}

export const microsoftIntune = defineConnector<IntuneConfig>({
  id: 'microsoft-intune',
  title: 'Microsoft Intune',
  category: 'mdm',
  description:
    'Managed devices from Microsoft Intune through Microsoft Graph, and device actions: lock, wipe, retire, sync, delete.',
  configSchema: intuneConfigSchema,
  auth: {
    type: 'oauth2_client_credentials',
    secrets: [
      {
        key: 'clientSecret',
        label: 'Client secret',
        description: 'A client secret value of the Entra app registration (not its secret ID).',
      },
    ],
    create: (config, secrets) =>
      oauth2ClientCredentials({
        tokenUrl: tokenUrlOf(config),
        clientId: config.clientId,
        clientSecret: secrets.clientSecret ?? '',
        scope: GRAPH_SCOPE,
        timeoutMs: config.timeoutMs,
      }),
  },
  http: (config) => ({
    baseUrl: config.graphUrl,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    backoff: { baseMs: config.backoffBaseMs, maxMs: config.backoffMaxMs },
    rateLimit: { requestsPerSecond: config.requestsPerSecond, burst: config.burst },
    maxConcurrent: config.detailConcurrency + 2,
  }),
  streams: { managedDevices },
  actions: { remoteLock, wipe, retire, syncDevice, deleteDevice },
  test,
});
