import { defineAction, type ConnectorContext } from '@steward/sdk';
import type { OktaConfig } from '../config.js';
import { runLifecycle, userInputSchema } from './lifecycle.js';

/** ACTIVE → SUSPENDED: sign-in blocked, apps and groups kept; `unsuspend` undoes it. */
export const suspend = defineAction({
  title: 'Suspend Okta user',
  description: 'Blocks sign-in for an ACTIVE user, keeping their apps and groups. Undone by Unsuspend.',
  inputSchema: userInputSchema,
  // A person Okta reported is addressed by its sourceKey, the Okta user id.
  target: { kind: 'person', field: 'user' },
  // A resumed suspend of a user already SUSPENDED is done (see runLifecycle).
  resume: 'repeat',
  reversible: true,
  destructive: false,
  execute: (ctx: ConnectorContext<OktaConfig>, input, meta) => runLifecycle(ctx, 'suspend', input, meta),
});
