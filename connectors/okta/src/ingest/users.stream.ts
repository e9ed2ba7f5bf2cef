import { defineStream, type ConnectorContext, type Json } from '@steward/sdk';
import { z } from 'zod';
import type { OktaConfig } from '../config.js';
import { userPages, type UserListing } from '../transport.js';
import { mapOktaUser } from './users.map.js';

const checkpointSchema = z
  .object({
    listing: z.enum(['listed', 'deprovisioned']),
    /** The next link of that walk; absent: the walk starts at its first page. */
    next: z.string().optional(),
  })
  .nullish();

const LISTINGS: readonly UserListing[] = ['listed', 'deprovisioned'];

/**
 * Every Okta user as a person. Two walks of /api/v1/users, each paged by its Link rel="next": the plain
 * list (every status but DEPROVISIONED), then the deactivated users, so terminations are seen too. The
 * checkpoint is the walk and its next link.
 */
export const users = defineStream({
  kind: 'person',
  mode: 'full',
  description: 'Okta users, deactivated ones included, as people.',
  async *read(ctx: ConnectorContext<OktaConfig>, checkpoint) {
    const saved = checkpointSchema.parse(checkpoint ?? null);
    const first = saved ? LISTINGS.indexOf(saved.listing) : 0;
    for (let i = first; i < LISTINGS.length; i++) {
      const listing = LISTINGS[i] as UserListing;
      const following = LISTINGS[i + 1];
      const start = i === first && saved?.next ? { url: saved.next } : null;
      for await (const page of userPages(ctx, listing, start)) {
        const resume: Json = page.next
          ? { listing, next: page.next.url }
          : following
            ? { listing: following }
            : null;
        yield { records: page.items, checkpoint: resume };
      }
    }
  },
  map: mapOktaUser,
  recordKey: (record) => {
    const id = (record as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : undefined;
  },
});
