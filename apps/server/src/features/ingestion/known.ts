import type { Transaction } from 'kysely';
import type { BuiltInSource, KnownEntityObservation, ObserveKnown } from '../../platform/observe/index.js';
import { fromJson, iso, toJson, type DB } from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';
import type { RequestContext } from '../../platform/auth/index.js';
import { publishChanges } from './changes.js';
import { loadCustomFields, type IngestDeps } from './ingest.js';
import { prepare } from './prepare.js';
import {
  insertRecords,
  loadRecords,
  recordRef,
  replaceIdentifiers,
  updateRecords,
  type RecordRow,
} from './records.repo.js';
import { loadSettings } from './settings.js';
import { findSourceByKey, listSourceRows, toSourceInfo, type SourceInfo } from './sources.repo.js';
import { reconcileEntities } from './twin.js';

const BUILT_IN_NAMES: Record<BuiltInSource, string> = {
  manual: 'Edits in Steward',
  import: 'CSV imports',
  purchasing: 'Reseller orders',
};

/** The tenant's built-in source of this type (key = type), created on first use. */
async function ensureBuiltInSource(
  trx: Transaction<DB>,
  tenantId: string,
  source: BuiltInSource,
  now: string,
): Promise<SourceInfo> {
  const existing = await findSourceByKey(trx, tenantId, source);
  if (existing) return toSourceInfo(existing);
  const row = {
    id: newId(),
    tenant_id: tenantId,
    key: source,
    name: BUILT_IN_NAMES[source],
    type: source,
    stale_after_days: null,
    missing_grace_hours: 0,
    last_seen_at: now,
    created_at: now,
    updated_at: now,
  };
  await trx.insertInto('sources').values(row).execute();
  return toSourceInfo(row);
}

/**
 * Record what Steward itself learned about entities it already holds, as observations of its built-in
 * sources linked straight to those entities, and reconcile them: the same path as every connector, so
 * precedence, provenance and identifiers (a later MDM record with the same serial joins this device)
 * work for assets and people made in Steward too.
 */
export function observeKnownEntities(deps: IngestDeps): ObserveKnown {
  return async (
    trx: Transaction<DB>,
    ctx: RequestContext,
    observations: readonly KnownEntityObservation[],
  ) => {
    if (observations.length === 0) return;
    const tenantId = ctx.principal.tenantId;
    const nowDate = deps.clock.now();
    const now = iso(nowDate);
    const settings = await loadSettings(trx, tenantId);
    const customFields = await loadCustomFields(trx, tenantId);
    const sources = new Map<BuiltInSource, SourceInfo>();
    for (const o of observations)
      if (!sources.has(o.source))
        sources.set(o.source, await ensureBuiltInSource(trx, tenantId, o.source, now));
    const keyOf = (o: KnownEntityObservation) => o.recordKey ?? o.entityId;
    const existing = await loadRecords(
      trx,
      tenantId,
      observations.map((o) => ({ sourceId: sources.get(o.source)!.id, recordKey: keyOf(o) })),
    );
    const byKey = new Map([...sources.values()].map((s) => [s.key, s]));
    const inserts: RecordRow[] = [];
    const updates: RecordRow[] = [];
    const identifierRows = [];
    for (const o of observations) {
      const source = sources.get(o.source)!;
      const rec = existing.get(recordRef(source.id, keyOf(o)));
      const before = rec
        ? {
            identifiers: fromJson<Record<string, unknown>>(rec.identifiers) ?? {},
            attributes: fromJson<Record<string, unknown>>(rec.attributes) ?? {},
          }
        : { identifiers: {}, attributes: {} };
      // Custom fields that no longer exist drop out; a person reference is Steward's own data, written
      // by the service itself.
      const attributes = Object.fromEntries(
        Object.entries({ ...before.attributes, ...o.attributes }).filter(([k]) => {
          if (!k.startsWith('cf_')) return true;
          const def = customFields[o.entityType].get(k);
          return def !== undefined && def.type !== 'person';
        }),
      );
      const prepared = prepare(
        {
          source: source.key,
          sourceKey: keyOf(o),
          kind: o.kind,
          observedAt: now,
          identifiers: { ...before.identifiers, ...o.identifiers },
          attributes,
        },
        0,
        byKey,
        settings.identification,
        customFields,
      );
      // The services validated the values already; a failure here is a bug, not bad input.
      if (!prepared.ok) throw new Error(`built-in observation rejected: ${JSON.stringify(prepared.errors)}`);
      const p = prepared.item;
      const row: RecordRow = {
        id: rec?.id ?? newId(),
        tenant_id: tenantId,
        source_id: source.id,
        record_key: p.recordKey,
        kind: p.kind,
        entity_type: o.entityType,
        entity_id: o.entityId,
        hash: p.hash,
        observed_at: now,
        last_seen_at: now,
        last_sync_id: null,
        missing_since: null,
        identifiers: toJson(p.identifiers),
        attributes: toJson(p.attributes),
        created_at: rec?.created_at ?? now,
        updated_at: now,
      };
      (rec ? updates : inserts).push(row);
      for (const k of p.keys)
        identifierRows.push({
          tenant_id: tenantId,
          entity_type: o.entityType,
          type: k.type,
          value: k.value,
          record_id: row.id,
          entity_id: o.entityId,
        });
    }
    await insertRecords(trx, inserts);
    await updateRecords(trx, tenantId, updates);
    await replaceIdentifiers(
      trx,
      tenantId,
      updates.map((u) => u.id),
      identifierRows,
    );
    const all = (await listSourceRows(trx, tenantId)).map(toSourceInfo);
    const env = { tenantId, ctx, settings, now: nowDate, sourcesById: new Map(all.map((s) => [s.id, s])) };
    const work = observations.map((o) => ({
      entityType: o.entityType,
      entityId: o.entityId,
      cause: sources.get(o.source)!,
    }));
    const unique = [...new Map(work.map((w) => [w.entityId, w])).values()];
    await publishChanges(deps, trx, env, await reconcileEntities(trx, env, unique));
  };
}
