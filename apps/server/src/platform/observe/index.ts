import type { Transaction } from 'kysely';
import type { AttributeValue, EntityKind, ObservationIdentifiers } from '@steward/domain';
import type { RequestContext } from '../auth/index.js';
import type { DB } from '../db/index.js';

/** A built-in source every tenant has: edits in Steward, CSV imports, and reseller orders. */
export type BuiltInSource = 'manual' | 'import' | 'purchasing';

/**
 * What Steward itself learned about an entity it already knows (an admin's edit, an import row, an
 * order line): recorded as that source's observation of the entity and reconciled with every other source.
 */
export interface KnownEntityObservation {
  entityType: 'asset' | 'person';
  entityId: string;
  kind: EntityKind;
  source: BuiltInSource;
  /** The record's key within the source; the entity id when left out. */
  recordKey?: string;
  identifiers: ObservationIdentifiers;
  /** Merged over what the record said before; null clears a value. */
  attributes: Record<string, AttributeValue | null>;
}

/**
 * The one way features feed the ingestion pipeline from inside their own transaction. It lives here as a
 * type so the assets and people features can call the pipeline that is built on top of them.
 */
export type ObserveKnown = (
  trx: Transaction<DB>,
  ctx: RequestContext,
  observations: readonly KnownEntityObservation[],
) => Promise<void>;
