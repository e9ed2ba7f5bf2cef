import { defineAction, type ConnectorContext } from '@steward/sdk';
import type { CrowdStrikeConfig } from '../config.js';
import { hostInputSchema, requestHostAction } from './host-action.js';

export const liftContainment = defineAction({
  title: 'Lift host containment',
  description: 'Restores the network access of a contained host.',
  inputSchema: hostInputSchema,
  reversible: true,
  destructive: false,
  target: { kind: 'device', field: 'deviceId' },
  // Lifting the containment of a host that is not contained is accepted and changes nothing.
  resume: 'repeat',
  execute: (ctx: ConnectorContext<CrowdStrikeConfig>, input, { idempotencyKey }) =>
    requestHostAction(ctx, 'lift_containment', input, idempotencyKey, 'lift_containment_pending'),
});
