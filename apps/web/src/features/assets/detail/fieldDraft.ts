import type { AttributeType } from '../../../api/attributes.js';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A stored value as the text an input edits. */
export function toDraft(value: unknown, type: AttributeType): string {
  if (value === null || value === undefined) return '';
  if (type === 'boolean') return value ? 'true' : 'false';
  if (type === 'datetime' && typeof value === 'string') {
    const d = new Date(value);
    if (Number.isNaN(d.getTime())) return value;
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }
  return String(value);
}

/** What an edited text means as a value to PATCH; empty clears it (null). */
export function fromDraft(
  draft: string,
  type: AttributeType,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  const v = draft.trim();
  if (v === '') return { ok: true, value: null };
  switch (type) {
    case 'number': {
      const n = Number(v);
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, reason: 'Enter a number' };
    }
    case 'boolean':
      return { ok: true, value: v === 'true' };
    case 'datetime': {
      const d = new Date(v);
      return Number.isNaN(d.getTime())
        ? { ok: false, reason: 'Enter a date and time' }
        : { ok: true, value: d.toISOString() };
    }
    default:
      return { ok: true, value: v };
  }
}
