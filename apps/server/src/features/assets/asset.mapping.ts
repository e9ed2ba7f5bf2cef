import type { Selectable, Updateable } from 'kysely';
import { ASSET_ATTRIBUTES, ASSET_ATTRIBUTE_BY_KEY, type AssetKind } from '@steward/domain';
import type { AssetsTable } from '../../platform/db/index.js';
import type { AssetView } from './asset.schemas.js';

export type AssetRow = Selectable<AssetsTable>;
type Column = keyof AssetsTable;

/** Canonical values are normalised once, on the way in, so equality filters and matching are exact. */
export function normaliseAttribute(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (key === 'serialNumber') return value.trim().toUpperCase();
  return value.trim();
}

/** API attribute values → column values (booleans as 0/1). Unknown keys are ignored. */
export function toColumns(attributes: Record<string, unknown>): Updateable<AssetsTable> {
  const out: Record<string, string | number | null> = {};
  for (const [key, raw] of Object.entries(attributes)) {
    const def = ASSET_ATTRIBUTE_BY_KEY.get(key);
    if (!def || raw === undefined) continue;
    const value = normaliseAttribute(key, raw);
    out[def.column] =
      value === null ? null : def.type === 'boolean' ? (value ? 1 : 0) : (value as string | number);
  }
  // The attribute registry and the schema agree column for column (a test checks), so the shape holds.
  return out as Updateable<AssetsTable>;
}

/** A row as canonical attributes (all of them, or just `fields`). */
export function toAttributes(
  row: AssetRow,
  fields?: ReadonlySet<string>,
): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const a of ASSET_ATTRIBUTES) {
    if (fields && !fields.has(a.key)) continue;
    const v = row[a.column as Column];
    if (v === null || v === undefined) out[a.key] = null;
    else if (a.type === 'boolean') out[a.key] = Number(v) === 1;
    else if (a.type === 'number') out[a.key] = Number(v);
    else out[a.key] = String(v);
  }
  return out;
}

export function toView(
  row: AssetRow,
  extra: { tags?: string[]; custom?: Record<string, string | number | boolean | null> } = {},
  fields?: ReadonlySet<string>,
): AssetView {
  return {
    id: row.id,
    kind: row.kind as AssetKind,
    ...toAttributes(row, fields),
    ...(extra.tags ? { tags: extra.tags } : {}),
    ...(extra.custom ? { custom: extra.custom } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
}

/** Where text breaks into words, for the stored tokens and for the words typed into a search alike. */
export const WORD_BREAK = /[\s@.,;:/\\()[\]{}"'_-]+/;
export const MAX_TOKEN_LENGTH = 100;

/** The words free-text search matches by prefix: name, serial, tag, hostname, model, PO, and the assignee. */
export function searchTokens(texts: (string | null | undefined)[]): string[] {
  const tokens = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    const lower = text.toLowerCase();
    tokens.add(lower.slice(0, MAX_TOKEN_LENGTH));
    for (const part of lower.split(WORD_BREAK)) if (part) tokens.add(part.slice(0, MAX_TOKEN_LENGTH));
  }
  return [...tokens];
}
