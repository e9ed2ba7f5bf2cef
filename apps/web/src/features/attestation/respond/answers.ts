import type { AttestationAnswer } from '../../../api/attestation.js';

export interface Draft {
  holds: boolean | null;
  note: string;
}

export type Drafts = Record<string, Draft>;

export const BLANK: Draft = { holds: null, note: '' };

/** The answers to send, or null while an asset has none yet. */
export function toAnswers(assetIds: readonly string[], drafts: Drafts): AttestationAnswer[] | null {
  const out: AttestationAnswer[] = [];
  for (const assetId of assetIds) {
    const d = drafts[assetId] ?? BLANK;
    if (d.holds === null) return null;
    const note = d.note.trim();
    out.push({ assetId, holds: d.holds, ...(note ? { note } : {}) });
  }
  return out;
}
