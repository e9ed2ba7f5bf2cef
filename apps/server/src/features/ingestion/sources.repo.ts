import type { Kysely, Selectable, Transaction } from 'kysely';
import { DEFAULT_STALE_AFTER_DAYS, type SourceType } from '@steward/domain';
import type { DB, SourcesTable } from '../../platform/db/index.js';
import type { SourceView } from './sources.schemas.js';

type Db = Kysely<DB> | Transaction<DB>;
export type SourceRow = Selectable<SourcesTable>;

/** What the pipeline needs of a source. */
export interface SourceInfo {
  id: string;
  key: string;
  name: string;
  type: SourceType;
  staleAfterDays: number | null;
  missingGraceHours: number;
}

export function toSourceInfo(row: SourceRow): SourceInfo {
  const type = row.type as SourceType;
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    type,
    staleAfterDays: row.stale_after_days ?? DEFAULT_STALE_AFTER_DAYS[type],
    missingGraceHours: Number(row.missing_grace_hours),
  };
}

export function toSourceView(row: SourceRow): SourceView {
  const info = toSourceInfo(row);
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    type: info.type,
    staleAfterDays: row.stale_after_days === null ? null : Number(row.stale_after_days),
    effectiveStaleAfterDays: info.staleAfterDays,
    missingGraceHours: info.missingGraceHours,
    lastSeenAt: row.last_seen_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function findSourceByKey(db: Db, tenantId: string, key: string): Promise<SourceRow | undefined> {
  return db
    .selectFrom('sources')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('key', '=', key)
    .executeTakeFirst();
}

export function listSourceRows(db: Db, tenantId: string): Promise<SourceRow[]> {
  return db.selectFrom('sources').selectAll().where('tenant_id', '=', tenantId).orderBy('key').execute();
}

/**
 * Steward itself as the cause of a re-reconciliation (a merge, an undo, a precedence change): typed
 * `manual`, so its audit events name the person or the system that acted, not a connector.
 */
export function stewardCause(key: string, name: string): SourceInfo {
  return { id: key, key, name, type: 'manual', staleAfterDays: null, missingGraceHours: 0 };
}
