import { defineAction, type ConnectorContext } from '@steward/sdk';
import type { CrowdStrikeConfig } from '../config.js';
import { hostInputSchema, requestHostAction } from './host-action.js';

export const contain = defineAction({
  title: 'Network-contain host',
  description:
    'Cuts the host off the network except for the Falcon cloud, to stop an attack spreading. Lift containment undoes it.',
  inputSchema: hostInputSchema,
  reversible: true,
  destructive: false,
  target: { kind: 'device', field: 'deviceId' },
  // Containing a contained (or containment_pending) host is accepted and changes nothing.
  resume: 'repeat',
  execute: (ctx: ConnectorContext<CrowdStrikeConfig>, input, { idempotencyKey }) =>
    requestHostAction(ctx, 'contain', input, idempotencyKey, 'containment_pending'),
});
