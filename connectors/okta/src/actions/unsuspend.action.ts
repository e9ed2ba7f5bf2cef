import { defineAction, type ConnectorContext } from '@steward/sdk';
import type { OktaConfig } from '../config.js';
import { runLifecycle, userInputSchema } from './lifecycle.js';

/** SUSPENDED → ACTIVE. Okta refuses it (E0000001) for a user who is not suspended. */
export const unsuspend = defineAction({
  title: 'Unsuspend Okta user',
  description: 'Returns a SUSPENDED user to ACTIVE.',
  inputSchema: userInputSchema,
  target: { kind: 'person', field: 'user' },
  // A resumed unsuspend of a user already ACTIVE is done (see runLifecycle).
  resume: 'repeat',
  reversible: true,
  destructive: false,
  execute: (ctx: ConnectorContext<OktaConfig>, input, meta) => runLifecycle(ctx, 'unsuspend', input, meta),
});
