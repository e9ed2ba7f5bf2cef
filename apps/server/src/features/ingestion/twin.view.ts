import type { Kysely } from 'kysely';
import { z } from 'zod';
import { errors } from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import { fromJson, type DB } from '../../platform/db/index.js';
import { reconcile } from '@steward/domain';
import { loadEvidence } from './records.repo.js';
import { loadSettings } from './settings.js';
import { listSourceRows, toSourceInfo } from './sources.repo.js';
import { reconcileContext } from './twin.js';

const value = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const candidate = z.object({
  value,
  recordId: z.string(),
  sourceId: z.string(),
  sourceType: z.string(),
  observedAt: z.string(),
  stale: z.boolean(),
});

export const twinSchema = z
  .object({
    entityId: z.string(),
    entityType: z.enum(['asset', 'person']),
    provenance: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .describe(
        'Per attribute: value, recordId, sourceId, sourceType, observedAt, stale; or cleared by an admin',
      ),
    conflicts: z
      .record(z.string(), z.array(candidate))
      .describe('Per attribute: each source’s value, winner first'),
    orphaned: z.boolean().describe('Every source that reported it has stopped'),
    records: z.array(
      z.object({
        id: z.string(),
        source: z.object({ id: z.string(), key: z.string(), name: z.string(), type: z.string() }),
        recordKey: z.string(),
        kind: z.string(),
        observedAt: z.string(),
        lastSeenAt: z.string(),
        missingSince: z.string().nullable(),
        identifiers: z.record(z.string(), z.unknown()),
        attributes: z.record(z.string(), z.unknown()),
      }),
    ),
  })
  .meta({ id: 'Twin' });
export type TwinView = z.infer<typeof twinSchema>;

/**
 * Why the entity has the values it has: provenance, conflicts and the raw source records behind it,
 * reconciled now from the records (so staleness is as of this moment).
 */
export async function getTwin(
  db: Kysely<DB>,
  ctx: RequestContext,
  entityType: 'asset' | 'person',
  entityId: string,
): Promise<TwinView> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const exists = await db
    .selectFrom(entityType === 'asset' ? 'assets' : 'people')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', entityId)
    .executeTakeFirst();
  if (!exists) throw errors.notFound(entityType === 'asset' ? 'Asset' : 'Person');
  const settings = await loadSettings(db, tenantId);
  const sources = (await listSourceRows(db, tenantId)).map(toSourceInfo);
  const evidence = (await loadEvidence(db, tenantId, [entityId])).get(entityId) ?? [];
  const twin = reconcile(
    evidence,
    reconcileContext(
      { settings, now: new Date(), sourcesById: new Map(sources.map((s) => [s.id, s])) },
      entityType,
    ),
  );
  const records = await db
    .selectFrom('source_records as r')
    .innerJoin('sources as s', 's.id', 'r.source_id')
    .select([
      'r.id',
      'r.record_key',
      'r.kind',
      'r.observed_at',
      'r.last_seen_at',
      'r.missing_since',
      'r.identifiers',
      'r.attributes',
      's.id as source_id',
      's.key as source_key',
      's.name as source_name',
      's.type as source_type',
    ])
    .where('r.tenant_id', '=', tenantId)
    .where('r.entity_id', '=', entityId)
    .orderBy('s.key')
    .orderBy('r.record_key')
    .execute();
  return {
    entityId,
    entityType,
    provenance: twin.provenance as TwinView['provenance'],
    conflicts: twin.conflicts,
    orphaned: twin.orphaned,
    records: records.map((r) => ({
      id: r.id,
      source: { id: r.source_id, key: r.source_key, name: r.source_name, type: r.source_type },
      recordKey: r.record_key,
      kind: r.kind,
      observedAt: r.observed_at,
      lastSeenAt: r.last_seen_at,
      missingSince: r.missing_since,
      identifiers: fromJson<Record<string, unknown>>(r.identifiers) ?? {},
      attributes: fromJson<Record<string, unknown>>(r.attributes) ?? {},
    })),
  };
}
