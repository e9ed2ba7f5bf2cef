import { createHash } from 'node:crypto';
import {
  INGESTED_KINDS,
  checkObservedAttributes,
  identifierKeys,
  junkSerialReason,
  normaliseSerial,
  sourcedObservationSchema,
  type AttributeValue,
  type CustomFieldDefinition,
  type EntityKind,
  type ErrorDetail,
  type IdentificationSettings,
  type IdentifierKey,
  type IngestedEntityType,
  type ObservationIdentifiers,
  type RejectedIdentifier,
} from '@steward/domain';
import { formatPath } from '../../platform/http/index.js';
import type { SourceInfo } from './sources.repo.js';

/** One valid observation, normalised and hashed, ready for the pipeline. */
export interface Prepared {
  /** Its position in the posted batch. */
  index: number;
  source: SourceInfo;
  recordKey: string;
  kind: EntityKind;
  entityType: IngestedEntityType;
  observedAt: string;
  identifiers: ObservationIdentifiers;
  keys: IdentifierKey[];
  /** Identifier values that cannot identify (junk serial, shared MAC), reported back as warnings. */
  unusable: RejectedIdentifier[];
  attributes: Record<string, AttributeValue | null>;
  deleted: boolean;
  /** Of what the observation says (not when): an unchanged record re-observed hashes the same. */
  hash: string;
}

export type Preparation = { ok: true; item: Prepared } | { ok: false; index: number; errors: ErrorDetail[] };

/** Identifiers a source also states as attributes count for matching, and the other way round. */
const ASSET_MIRRORED = ['serialNumber', 'imei', 'udid', 'hostname'] as const;
const PERSON_MIRRORED = ['email', 'employeeId'] as const;

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Validate and normalise one posted item. Sources are looked up by key in `sources`. */
/** The tenant's custom fields a source may fill, per entity type. */
export type CustomFieldsByType = Record<
  IngestedEntityType,
  ReadonlyMap<string, Pick<CustomFieldDefinition, 'type' | 'values'>>
>;

export const NO_CUSTOM_FIELDS: CustomFieldsByType = { asset: new Map(), person: new Map() };

export function prepare(
  raw: unknown,
  index: number,
  sources: ReadonlyMap<string, SourceInfo>,
  settings: IdentificationSettings,
  customFields: CustomFieldsByType = NO_CUSTOM_FIELDS,
): Preparation {
  const parsed = sourcedObservationSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      index,
      errors: parsed.error.issues.map((i) => ({
        path: formatPath(`body[${index}]`, i.path),
        reason: i.message,
      })),
    };
  }
  const o = parsed.data;
  const problems: ErrorDetail[] = [];
  const source = sources.get(o.source);
  if (!source)
    problems.push({ path: `body[${index}].source`, reason: `no source ${o.source} is registered` });
  const entityType = INGESTED_KINDS[o.kind];
  if (!entityType) problems.push({ path: `body[${index}].kind`, reason: `${o.kind} is not ingested yet` });
  if (!source || !entityType) return { ok: false, index, errors: problems };

  const checked = checkObservedAttributes(
    entityType,
    o.kind,
    o.attributes,
    `body[${index}].attributes`,
    customFields[entityType],
  );
  if (checked.problems.length) return { ok: false, index, errors: checked.problems };
  const attributes = checked.values;
  const identifiers: ObservationIdentifiers = { ...o.identifiers };
  const mirrored = entityType === 'person' ? PERSON_MIRRORED : ASSET_MIRRORED;
  for (const key of mirrored) {
    const fromAttr = attributes[key];
    if (identifiers[key] === undefined && typeof fromAttr === 'string') identifiers[key] = fromAttr;
  }
  const { keys, rejected } = identifierKeys(
    { ...identifiers, model: typeof attributes.model === 'string' ? attributes.model : undefined },
    settings,
  );
  for (const key of mirrored) {
    const id = identifiers[key]?.trim();
    if (attributes[key] === undefined && id) attributes[key] = key === 'email' ? id.toLowerCase() : id;
  }
  // A placeholder serial is not a fact about the device: it neither matches nor shows.
  if (typeof attributes.serialNumber === 'string') {
    const serial = normaliseSerial(attributes.serialNumber);
    attributes.serialNumber = junkSerialReason(serial, settings.extraJunkSerials) ? null : serial;
  }
  const deleted = o.deleted === true;
  const hash = createHash('sha256')
    .update(stableJson({ kind: o.kind, identifiers, attributes, deleted }))
    .digest('base64url');
  return {
    ok: true,
    item: {
      index,
      source,
      recordKey: o.sourceKey,
      kind: o.kind,
      entityType,
      observedAt: new Date(o.observedAt).toISOString(),
      identifiers,
      keys,
      unusable: rejected,
      attributes,
      deleted,
      hash,
    },
  };
}
