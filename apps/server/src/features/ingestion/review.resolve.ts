import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { errors, identifierKeys, type EntityKind, type IngestedEntityType } from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import { fromJson, inTransaction, iso, toJson, type DB } from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import { publishChanges } from './changes.js';
import type { IngestDeps } from './ingest.js';
import { replaceIdentifiers } from './records.repo.js';
import { loadSettings } from './settings.js';
import { listSourceRows, toSourceInfo } from './sources.repo.js';
import { reconcileEntities } from './twin.js';
import { mergeEntities } from './merge.js';

export const resolveReviewSchema = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('link'),
    entityId: z.string().min(1).max(64).describe('One of the candidates: the record belongs to it'),
  }),
  z.strictObject({
    action: z.literal('keep_apart').describe('The record is a thing of its own: a new entity'),
  }),
  z.strictObject({
    action: z.literal('merge'),
    survivorId: z
      .string()
      .min(1)
      .max(64)
      .describe('The candidates are one thing: the others merge into this one, and the record joins it'),
  }),
]);
export type ResolveReviewInput = z.infer<typeof resolveReviewSchema>;

const OUTCOME = { link: 'linked', merge: 'merged', keep_apart: 'kept_apart' } as const;

/**
 * An admin's decision on a queued record: it belongs to one candidate (`link`), to none of them
 * (`keep_apart`: a new entity), or the candidates are all one thing (`merge` into the survivor, undoable).
 * Either way the record is reconciled into its entity and the item closed.
 */
export async function resolveReviewItem(
  deps: IngestDeps,
  ctx: RequestContext,
  itemId: string,
  input: ResolveReviewInput,
): Promise<{ id: string; status: string; entityId: string }> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  const settings = await loadSettings(deps.db, tenantId);
  const sources = (await listSourceRows(deps.db, tenantId)).map(toSourceInfo);
  return inTransaction(deps.db, async (trx) => {
    const item = await trx
      .selectFrom('review_items')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', itemId)
      .executeTakeFirst();
    if (!item) throw errors.notFound('Review item');
    if (item.status !== 'open')
      throw errors.conflict(`The review item is already ${item.status}.`, [
        { path: 'params.id', reason: `item is ${item.status}` },
      ]);
    const record = await trx
      .selectFrom('source_records')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', item.record_id)
      .executeTakeFirstOrThrow();
    const candidates = fromJson<{ entityId: string }[]>(item.candidates) ?? [];
    const entityType = item.entity_type as IngestedEntityType;
    let entityId: string;
    let created = false;
    if (input.action === 'link' || input.action === 'merge') {
      const chosen = input.action === 'link' ? input.entityId : input.survivorId;
      const path = input.action === 'link' ? 'body.entityId' : 'body.survivorId';
      if (!candidates.some((c) => c.entityId === chosen))
        throw errors.validation('Choose one of the record’s candidates.', [
          { path, reason: `not a candidate: ${candidates.map((c) => c.entityId).join(', ')}` },
        ]);
      await requireEntity(trx, tenantId, entityType, chosen, path);
      if (input.action === 'merge')
        for (const c of candidates)
          if (c.entityId !== chosen)
            await mergeEntities(deps, ctx, entityType, chosen, { from: c.entityId }, trx);
      entityId = chosen;
    } else {
      entityId = newId();
      created = true;
    }
    const now = iso(deps.clock.now());
    await trx
      .updateTable('source_records')
      .set({ entity_id: entityId, updated_at: now })
      .where('id', '=', record.id)
      .execute();
    const keys = identifierKeys(fromJson(record.identifiers) ?? {}, settings.identification).keys;
    await replaceIdentifiers(
      trx,
      tenantId,
      [record.id],
      keys.map((k) => ({
        tenant_id: tenantId,
        entity_type: entityType,
        type: k.type,
        value: k.value,
        record_id: record.id,
        entity_id: entityId,
      })),
    );
    const status = OUTCOME[input.action];
    await trx
      .updateTable('review_items')
      .set({
        status,
        resolved_at: now,
        resolved_by: ctx.principal.actor.id,
        resolution: toJson({ ...input, entityId }),
      })
      .where('id', '=', item.id)
      .execute();
    const sourcesById = new Map(sources.map((s) => [s.id, s]));
    const source = sourcesById.get(record.source_id)!;
    const env = { tenantId, ctx, settings, now: deps.clock.now(), sourcesById };
    const changes = await reconcileEntities(trx, env, [
      {
        entityType,
        entityId,
        cause: source,
        ...(created ? { create: { kind: record.kind as EntityKind, by: source } } : {}),
      },
    ]);
    await publishChanges(deps, trx, env, changes);
    await recordAudit(
      trx,
      auditFrom(ctx, {
        action: `review.${status}`,
        target: { type: entityType, id: entityId },
        after: { reviewItem: item.id, record: record.id, source: source.key, recordKey: record.record_key },
      }),
      deps.clock,
    );
    return { id: item.id, status, entityId };
  });
}

async function requireEntity(
  trx: Kysely<DB> | Transaction<DB>,
  tenantId: string,
  type: IngestedEntityType,
  id: string,
  path: string,
) {
  const row = await trx
    .selectFrom(type === 'asset' ? 'assets' : 'people')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw errors.validation('The entity does not exist.', [{ path, reason: 'no such entity' }]);
}
