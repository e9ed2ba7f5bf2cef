import { defineAction, type ConnectorContext } from '@steward/sdk';
import type { MimecastConfig } from '../config.js';
import { managedSenderInputSchema, runManagedSender } from './managed-sender.js';

/** Turns the sender's managed-sender entry into a Permit: the reverse of Block sender, as safe to repeat. */
export const permitSender = defineAction({
  title: 'Permit sender',
  description:
    'Permits mail from an address or domain, for one recipient or (no recipient) every user of the account.',
  inputSchema: managedSenderInputSchema,
  resume: 'repeat',
  reversible: true,
  destructive: false,
  execute: (ctx: ConnectorContext<MimecastConfig>, input) => runManagedSender(ctx, 'permit', input),
});
