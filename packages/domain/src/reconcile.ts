import type { Precedence, PrecedenceGroup, SourceType } from './sources.js';

export type AttributeValue = string | number | boolean;

/** What one source record currently says, as the reconciler needs it. */
export interface RecordEvidence {
  recordId: string;
  sourceId: string;
  /** The source's key, matched by `source:<key>` precedence entries. */
  sourceKey: string;
  sourceType: SourceType;
  /** The record's own key in its source (Jamf id, CrowdStrike device id…). */
  recordKey: string;
  observedAt: string;
  lastSeenAt: string;
  /** Gone from its source (not seen in a completed full sync, or deleted in a delta). */
  missing: boolean;
  attributes: Record<string, AttributeValue | null>;
}

export interface Candidate {
  value: AttributeValue;
  recordId: string;
  sourceId: string;
  sourceType: SourceType;
  observedAt: string;
  stale: boolean;
}

export type Provenance = Omit<Candidate, 'stale'> & { stale?: true };

export interface Twin {
  /** The decided value of every attribute some record speaks for (null: explicitly cleared by an admin). */
  values: Record<string, AttributeValue | null>;
  provenance: Record<string, Provenance | { cleared: true; recordId: string; observedAt: string }>;
  /** Attributes on which different sources disagree, with each source's value, winner first. */
  conflicts: Record<string, Candidate[]>;
  /** Every record of the entity is gone from its source. */
  orphaned: boolean;
}

export interface ReconcileContext {
  precedence: Precedence;
  groupOf(attribute: string): PrecedenceGroup;
  staleAfterDays(record: Pick<RecordEvidence, 'sourceId' | 'sourceType'>): number | null;
  now: Date;
}

const DAY_MS = 86_400_000;

function rankOf(list: readonly string[], r: Pick<RecordEvidence, 'sourceKey' | 'sourceType'>): number {
  const bySource = list.indexOf(`source:${r.sourceKey}`);
  if (bySource >= 0) return bySource;
  const byType = list.indexOf(r.sourceType);
  return byType >= 0 ? byType : list.length;
}

function isStale(r: RecordEvidence, ctx: ReconcileContext): boolean {
  const days = ctx.staleAfterDays(r);
  return days !== null && ctx.now.getTime() - Date.parse(r.lastSeenAt) > days * DAY_MS;
}

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The twin's attributes from its records: per attribute, the highest-precedence fresh source that has a
 * value wins (a stale one only when no fresh one has it); within a rank the latest observation; ties break
 * on ids. Blanks are never candidates, so they never overwrite. The answer depends only on the set of
 * records, never on the order they arrived in.
 */
export function reconcile(records: readonly RecordEvidence[], ctx: ReconcileContext): Twin {
  const present = records.filter((r) => !r.missing);
  const orphaned = records.length > 0 && present.length === 0;
  // An entity whose sources are all gone keeps what they last said (flagged, not emptied).
  const live = orphaned ? records : present;
  const stale = new Map(live.map((r) => [r.recordId, orphaned || isStale(r, ctx)]));

  const attributes = new Set<string>();
  for (const r of live) for (const k of Object.keys(r.attributes)) attributes.add(k);

  const twin: Twin = { values: {}, provenance: {}, conflicts: {}, orphaned };
  for (const attribute of [...attributes].sort()) {
    const list = ctx.precedence[ctx.groupOf(attribute)];
    const ranked = live
      .filter((r) => !isBlank(r.attributes[attribute]))
      .map((r) => ({ r, stale: stale.get(r.recordId)!, rank: rankOf(list, r) }))
      .sort(
        (a, b) =>
          Number(a.stale) - Number(b.stale) ||
          a.rank - b.rank ||
          compareText(b.r.observedAt, a.r.observedAt) ||
          compareText(a.r.sourceId, b.r.sourceId) ||
          compareText(a.r.recordKey, b.r.recordKey),
      );
    const winner = ranked[0];
    if (!winner) {
      const clear = live
        .filter((r) => r.sourceType === 'manual' && r.attributes[attribute] === null)
        .sort((a, b) => compareText(b.observedAt, a.observedAt) || compareText(a.recordId, b.recordId))[0];
      if (clear) {
        twin.values[attribute] = null;
        twin.provenance[attribute] = {
          cleared: true,
          recordId: clear.recordId,
          observedAt: clear.observedAt,
        };
      }
      continue;
    }
    const candidate = (x: (typeof ranked)[number]): Candidate => ({
      value: x.r.attributes[attribute] as AttributeValue,
      recordId: x.r.recordId,
      sourceId: x.r.sourceId,
      sourceType: x.r.sourceType,
      observedAt: x.r.observedAt,
      stale: x.stale,
    });
    const best = candidate(winner);
    twin.values[attribute] = best.value;
    twin.provenance[attribute] = {
      value: best.value,
      recordId: best.recordId,
      sourceId: best.sourceId,
      sourceType: best.sourceType,
      observedAt: best.observedAt,
      ...(best.stale ? { stale: true as const } : {}),
    };
    // Each source's own best value; a conflict is two sources saying different things.
    const perSource = new Map<string, Candidate>();
    for (const x of ranked) if (!perSource.has(x.r.sourceId)) perSource.set(x.r.sourceId, candidate(x));
    const distinct = new Set([...perSource.values()].map((c) => JSON.stringify(c.value)));
    if (distinct.size > 1) twin.conflicts[attribute] = [...perSource.values()];
  }
  return twin;
}
