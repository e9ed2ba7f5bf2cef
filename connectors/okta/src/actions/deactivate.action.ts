import { defineAction, type ConnectorContext } from '@steward/sdk';
import type { OktaConfig } from '../config.js';
import { runLifecycle, userInputSchema } from './lifecycle.js';

/**
 * Any status → DEPROVISIONED: every app assignment and session is removed. Okta can activate the user
 * again, but what deactivation removed does not come back, so it is destructive and not reversible.
 */
export const deactivate = defineAction({
  title: 'Deactivate Okta user',
  description:
    'Deprovisions the user: sessions ended, app assignments removed. No e-mail is sent (sendEmail=false).',
  inputSchema: userInputSchema,
  target: { kind: 'person', field: 'user' },
  // A resumed deactivation of a user already DEPROVISIONED is done (see runLifecycle).
  resume: 'repeat',
  reversible: false,
  destructive: true,
  execute: (ctx: ConnectorContext<OktaConfig>, input, meta) => runLifecycle(ctx, 'deactivate', input, meta),
});
