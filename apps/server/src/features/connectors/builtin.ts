import { crowdstrikeFalcon } from '@steward/connector-crowdstrike';
import { googleWorkspace } from '@steward/connector-google-workspace';
import { httpApi } from '@steward/connector-http';
import { microsoftIntune } from '@steward/connector-intune';
import { jamfPro } from '@steward/connector-jamf';
import { mimecast } from '@steward/connector-mimecast';
import { okta } from '@steward/connector-okta';
import { serviceNow } from '@steward/connector-servicenow';
import { slack } from '@steward/connector-slack';
import { smtp } from '@steward/connector-smtp';
import type { AnyConnector } from './catalog.js';

/** The connectors shipped with Steward. */
export const BUILT_IN_CONNECTORS: readonly AnyConnector[] = [
  jamfPro,
  microsoftIntune,
  crowdstrikeFalcon,
  okta,
  googleWorkspace,
  slack,
  serviceNow,
  mimecast,
  smtp,
  httpApi,
];
