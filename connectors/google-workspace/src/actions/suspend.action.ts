import { defineAction, type ConnectorContext } from '@steward/sdk';
import type { GoogleWorkspaceConfig } from '../config.js';
import { applySuspension, userKeyInputSchema } from './suspension.js';

/** Blocks sign-in; mail, files and licences are kept. Undone by `unsuspend`. */
export const suspend = defineAction({
  title: 'Suspend Google user',
  description: 'Blocks sign-in to Google Workspace, keeping the data and licence. Undone by Unsuspend.',
  inputSchema: userKeyInputSchema,
  // A person Google reported is addressed by its sourceKey, the Google user id (a valid userKey).
  target: { kind: 'person', field: 'userKey' },
  // A PATCH of `suspended`: sent twice, the user is still suspended.
  resume: 'repeat',
  reversible: true,
  destructive: false,
  execute: (ctx: ConnectorContext<GoogleWorkspaceConfig>, input, meta) =>
    applySuspension(ctx, true, input, meta),
});
