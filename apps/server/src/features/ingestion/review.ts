import type { Kysely } from 'kysely';
import { z } from 'zod';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import { fromJson, type DB } from '../../platform/db/index.js';

export const reviewItemSchema = z
  .object({
    id: z.string(),
    status: z.enum(['open', 'linked', 'kept_apart', 'merged', 'superseded']),
    entityType: z.enum(['asset', 'person']),
    reason: z.string(),
    record: z.object({
      id: z.string(),
      source: z.string(),
      recordKey: z.string(),
      observedAt: z.string(),
      identifiers: z.record(z.string(), z.unknown()),
      attributes: z.record(z.string(), z.unknown()),
    }),
    candidates: z
      .array(z.object({ entityId: z.string(), values: z.array(z.string()) }))
      .describe('The entities the record matches, with the identifying values each shares with it'),
    createdAt: z.string(),
    resolvedAt: z.string().nullable(),
  })
  .meta({ id: 'ReviewItem' });
export type ReviewItemView = z.infer<typeof reviewItemSchema>;

export const reviewListQuery = z.strictObject({
  status: z.enum(['open', 'linked', 'kept_apart', 'merged', 'superseded']).default('open'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z
    .string()
    .max(100)
    .refine((c) => /^[0-9a-f-]{36}$/.test(Buffer.from(c, 'base64url').toString('utf8')), {
      message: 'not a cursor from this API',
    })
    .optional()
    .describe('nextCursor of the previous page'),
});

/** The review queue, oldest first: records that matched more than one entity and were not merged. */
export async function listReviewItems(
  db: Kysely<DB>,
  ctx: RequestContext,
  q: z.infer<typeof reviewListQuery>,
): Promise<{ items: ReviewItemView[]; nextCursor: string | null }> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  let query = db
    .selectFrom('review_items as v')
    .innerJoin('source_records as r', 'r.id', 'v.record_id')
    .innerJoin('sources as s', 's.id', 'r.source_id')
    .select([
      'v.id',
      'v.status',
      'v.entity_type',
      'v.reason',
      'v.candidates',
      'v.created_at',
      'v.resolved_at',
      'r.id as record_id',
      'r.record_key',
      'r.observed_at',
      'r.identifiers',
      'r.attributes',
      's.key as source_key',
    ])
    .where('v.tenant_id', '=', tenantId)
    .where('v.status', '=', q.status)
    .orderBy('v.id')
    .limit(q.limit + 1);
  if (q.cursor) query = query.where('v.id', '>', Buffer.from(q.cursor, 'base64url').toString('utf8'));
  const rows = await query.execute();
  const items = rows.slice(0, q.limit).map((r) => ({
    id: r.id,
    status: r.status as ReviewItemView['status'],
    entityType: r.entity_type as ReviewItemView['entityType'],
    reason: r.reason,
    record: {
      id: r.record_id,
      source: r.source_key,
      recordKey: r.record_key,
      observedAt: r.observed_at,
      identifiers: fromJson<Record<string, unknown>>(r.identifiers) ?? {},
      attributes: fromJson<Record<string, unknown>>(r.attributes) ?? {},
    },
    candidates: fromJson<ReviewItemView['candidates']>(r.candidates) ?? [],
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
  }));
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > q.limit && last ? Buffer.from(last.id).toString('base64url') : null,
  };
}
