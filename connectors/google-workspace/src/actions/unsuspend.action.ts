import { defineAction, type ConnectorContext } from '@steward/sdk';
import type { GoogleWorkspaceConfig } from '../config.js';
import { applySuspension, userKeyInputSchema } from './suspension.js';

/** Lets a suspended user sign in again; unsuspending a user who is not suspended changes nothing. */
export const unsuspend = defineAction({
  title: 'Unsuspend Google user',
  description: 'Lets a suspended user sign in to Google Workspace again.',
  inputSchema: userKeyInputSchema,
  target: { kind: 'person', field: 'userKey' },
  resume: 'repeat',
  reversible: true,
  destructive: false,
  execute: (ctx: ConnectorContext<GoogleWorkspaceConfig>, input, meta) =>
    applySuspension(ctx, false, input, meta),
});
