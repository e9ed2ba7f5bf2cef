import { defineStream, type ConnectorContext } from '@steward/sdk';
import { z } from 'zod';
import type { GoogleWorkspaceConfig } from '../config.js';
import { userPages } from '../transport.js';
import { mapGoogleUser } from './users.map.js';

const checkpointSchema = z.object({ pageToken: z.string().min(1) }).nullish();

/** Every user of the account as a person, paged by nextPageToken; the checkpoint is the next page token. */
export const users = defineStream({
  kind: 'person',
  mode: 'full',
  description: 'Google Workspace users as people.',
  async *read(ctx: ConnectorContext<GoogleWorkspaceConfig>, checkpoint) {
    const start = checkpointSchema.parse(checkpoint ?? null) ?? null;
    for await (const page of userPages(ctx, start)) yield { records: page.items, checkpoint: page.next };
  },
  map: mapGoogleUser,
  recordKey: (record) => {
    const id = (record as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : undefined;
  },
});
