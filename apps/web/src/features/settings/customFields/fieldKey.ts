/** Copied from packages/domain/src/custom-fields.ts (fieldKey.test.ts checks it against the domain). */
export const KEY_PATTERN = /^cf_[a-z][a-z0-9_]{0,46}$/;
export const KEY_PREFIX = 'cf_';

/** A key suggested by the label: "Cost centre" → "cost_centre" (the part after cf_). */
export function keyFromLabel(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '')
    .slice(0, 47)
    .replace(/_+$/, '');
}

/** Why the part after cf_ is not a valid key, or null. */
export function keyProblem(suffix: string): string | null {
  if (suffix === '') return null;
  return KEY_PATTERN.test(`${KEY_PREFIX}${suffix}`)
    ? null
    : 'A lower-case letter first, then lower-case letters, digits and _ (at most 47).';
}

const TYPE_LABELS: Record<string, string> = {
  text: 'Text',
  number: 'Number',
  date: 'Date',
  boolean: 'Yes / no',
  enum: 'One of a list',
  person: 'Person',
};

export function typeLabel(type: string): string {
  return TYPE_LABELS[type] ?? type;
}
