/** How each connector category (the SDK's CONNECTOR_CATEGORIES) reads in the catalog. */
export const CATEGORY_LABELS: Record<string, string> = {
  mdm: 'Device management (MDM)',
  edr: 'Endpoint security (EDR)',
  directory: 'Directory & identity',
  hr: 'HR',
  itsm: 'IT service management',
  messaging: 'Messaging',
  email_security: 'Email security',
  cloud: 'Cloud',
  saas: 'SaaS',
  procurement: 'Procurement',
  network: 'Network',
  generic: 'Generic',
};

export function categoryLabel(category: string): string {
  return CATEGORY_LABELS[category] ?? category;
}

/** Entries grouped by category, in the catalog's own category order, then alphabetically. */
export function byCategory<T extends { category: string }>(items: readonly T[]): [string, T[]][] {
  const order = Object.keys(CATEGORY_LABELS);
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.category, [...(groups.get(item.category) ?? []), item]);
  const rank = (c: string) => (order.includes(c) ? order.indexOf(c) : order.length);
  return [...groups.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}
