import { isRecord, defineStream, type ConnectorContext, type Json } from '@steward/sdk';
import { z } from 'zod';
import type { CrowdStrikeConfig } from '../config.js';
import { fetchHostDetails, scrollHostIds } from '../transport.js';
import { mapHost } from './hosts.map.js';

/**
 * Where an interrupted walk resumes: the scroll token of the next page and how many host ids were already
 * read. `null` once the walk is complete.
 *
 * A scroll token dies after 2 minutes idle, and a dead one cannot be resumed. When the API refuses the
 * token, the walk restarts from the beginning: hosts already stored are read again (a full stream's
 * observations are idempotent) instead of skipping the first `processed` ids, since hosts added or removed
 * meanwhile shift the order and skipping could lose hosts that were never read.
 */
export const hostsCheckpointSchema = z.object({
  token: z.string().min(1),
  processed: z.number().int().nonnegative(),
});
export type HostsCheckpoint = z.infer<typeof hostsCheckpointSchema>;

/** Restarts allowed in one run; a consumer slower than the token's idle timeout on every batch fails. */
export const MAX_SCROLL_RESTARTS = 3;

export class ScrollExpiredError extends Error {
  constructor(restarts: number, reason: string) {
    super(
      `The host scroll token expired ${restarts + 1} times in one run (last: ${reason}); each batch must be ` +
        'stored within the 2 minutes CrowdStrike keeps a scroll alive.',
    );
    this.name = 'ScrollExpiredError';
  }
}

export const hosts = defineStream({
  kind: 'device',
  mode: 'full',
  description: 'Every host with a Falcon sensor: identity, hardware, OS, last check-in and sensor health.',
  async *read(ctx: ConnectorContext<CrowdStrikeConfig>, checkpoint) {
    const saved = hostsCheckpointSchema.safeParse(checkpoint);
    // No checkpoint, a completed walk (null) or one of another shape: a full stream starts over.
    let cursor: HostsCheckpoint | undefined = saved.success ? saved.data : undefined;
    let restarts = 0;
    for (;;) {
      const page = await scrollHostIds(ctx, { token: cursor?.token, limit: ctx.config.pageSize });
      if (page.type === 'expired') {
        if (restarts >= MAX_SCROLL_RESTARTS) throw new ScrollExpiredError(restarts, page.message);
        restarts++;
        cursor = undefined;
        continue;
      }
      const processed = (cursor?.processed ?? 0) + page.ids.length;
      // Done on an empty page, without a next token, or once `total` ids are read (the last page still
      // hands out a token).
      const more = page.ids.length > 0 && (page.total === undefined || processed < page.total);
      const next: HostsCheckpoint | null =
        more && page.next !== undefined ? { token: page.next, processed } : null;
      const records = page.ids.length > 0 ? await fetchHostDetails(ctx, page.ids) : [];
      yield { records, checkpoint: next satisfies Json };
      if (!next) return;
      cursor = next;
    }
  },
  map: mapHost,
  recordKey: (record) =>
    isRecord(record) && typeof record.device_id === 'string' ? record.device_id : undefined,
});
