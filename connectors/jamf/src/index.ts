import { defineConnector, isHttpError, oauth2ClientCredentials, type ConnectorContext } from '@steward/sdk';
import { deleteComputer } from './actions/delete-computer.action.js';
import { erase } from './actions/erase.action.js';
import { lock } from './actions/lock.action.js';
import { pushPurchasing } from './actions/push-purchasing.action.js';
import { setExtensionAttribute } from './actions/set-extension-attribute.action.js';
import { setUserAndLocation } from './actions/set-user-and-location.action.js';
import { JAMF_MAX_CONCURRENT, jamfConfigSchema, tokenUrlOf, type JamfConfig } from './config.js';
import { computers } from './ingest/computers.stream.js';
import { mobileDevices } from './ingest/mobile-devices.stream.js';
import { countComputers } from './transport.js';

export type { JamfConfig } from './config.js';
export { jamfConfigSchema } from './config.js';
export { mapComputer } from './ingest/computers.map.js';
export { mapMobileDevice, mobileSourceKey } from './ingest/mobile-devices.map.js';

async function test(ctx: ConnectorContext<JamfConfig>): Promise<{ ok: boolean; message: string }> {
  try {
    const total = await countComputers(ctx);
    return { ok: true, message: `Connected to Jamf Pro: the API client can read ${total} computers.` };
  } catch (e) {
    if (!isHttpError(e)) throw e;
    if (e.code === 'token_request_failed' || e.code === 'token_response_invalid') {
      return { ok: false, message: `Jamf Pro refused the API client's credentials: ${e.message}` };
    }
    if (e.status === 403) {
      return {
        ok: false,
        message: `Signed in, but the API client's role may not read computers (grant Read Computers): ${e.message}`,
      };
    }
    throw e;
  }
}

export const jamfPro = defineConnector<JamfConfig>({
  id: 'jamf-pro',
  title: 'Jamf Pro',
  category: 'mdm',
  description:
    'Computers and mobile devices from Jamf Pro, and actions on computers: lock, erase, set user and ' +
    'location, set an extension attribute, push purchasing details, delete the record.',
  configSchema: jamfConfigSchema,
  auth: {
    type: 'oauth2_client_credentials',
    secrets: [
      {
        key: 'clientSecret',
        label: 'Client secret',
        description: 'The client secret Jamf Pro showed once when the API client was created.',
      },
    ],
    create: (config, secrets) =>
      oauth2ClientCredentials({
        tokenUrl: tokenUrlOf(config),
        clientId: config.clientId,
        clientSecret: secrets.clientSecret ?? '',
        timeoutMs: config.timeoutMs,
      }),
  },
  http: (config) => ({
    baseUrl: config.baseUrl,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    backoff: { baseMs: config.backoffBaseMs, maxMs: config.backoffMaxMs },
    maxConcurrent: JAMF_MAX_CONCURRENT,
  }),
  streams: { computers, mobileDevices },
  actions: { lock, erase, setUserAndLocation, setExtensionAttribute, pushPurchasing, deleteComputer },
  test,
});
