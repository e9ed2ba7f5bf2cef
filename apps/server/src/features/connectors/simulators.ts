import { simulator as crowdstrike } from '@steward/connector-crowdstrike/simulator';
import { simulator as googleWorkspace } from '@steward/connector-google-workspace/simulator';
import { simulator as intune } from '@steward/connector-intune/simulator';
import { simulator as jamf } from '@steward/connector-jamf/simulator';
import { simulator as mimecast } from '@steward/connector-mimecast/simulator';
import { simulator as okta } from '@steward/connector-okta/simulator';
import { simulator as servicenow } from '@steward/connector-servicenow/simulator';
import { simulator as slack } from '@steward/connector-slack/simulator';
import { simulator as smtp } from '@steward/connector-smtp/simulator';
import type { SimulatorDefinition } from '@steward/sdk/simulator';

/** The vendor simulators shipped with the connectors, by the short name `steward simulate` takes. */
export const SIMULATORS: Readonly<Record<string, SimulatorDefinition>> = {
  jamf,
  intune,
  crowdstrike,
  okta,
  'google-workspace': googleWorkspace,
  slack,
  servicenow,
  mimecast,
  smtp,
};
