import { defineAction, type ConnectorContext } from '@steward/sdk';
import type { MimecastConfig } from '../config.js';
import { managedSenderInputSchema, runManagedSender } from './managed-sender.js';

/**
 * Adds a managed-sender Block entry. Blocking twice gives the same entry, so a retried dispatch is safe
 * even though Mimecast takes no idempotency key. Permit sender undoes it.
 */
export const blockSender = defineAction({
  title: 'Block sender',
  description:
    'Blocks mail from an address or domain, for one recipient or (no recipient) every user of the account.',
  inputSchema: managedSenderInputSchema,
  resume: 'repeat',
  reversible: true,
  destructive: false,
  execute: (ctx: ConnectorContext<MimecastConfig>, input) => runManagedSender(ctx, 'block', input),
});
