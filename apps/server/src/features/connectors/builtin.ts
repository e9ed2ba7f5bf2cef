import { crowdstrikeFalcon } from '@steward/connector-crowdstrike';
import { googleWorkspace } from '@steward/connector-google-workspace';
import { microsoftIntune } from '@steward/connector-intune';
import { jamfPro } from '@steward/connector-jamf';
import { okta } from '@steward/connector-okta';
import type { AnyConnector } from './catalog.js';

/** The connectors shipped with Steward. */
export const BUILT_IN_CONNECTORS: readonly AnyConnector[] = [
  jamfPro,
  microsoftIntune,
  crowdstrikeFalcon,
  okta,
  googleWorkspace,
];
