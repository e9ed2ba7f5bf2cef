// Which assigned assets a new campaign asks about: quick choices (lifecycle states, tags) plus any
// "more filters", as the asset query filters the server takes.
import type { LifecycleState } from '../../../api/lifecycle.js';
import type { AssetFilter } from '../../../api/records.js';

export interface CampaignScope {
  lifecycleStates: LifecycleState[];
  tags: string[];
  filters: AssetFilter[];
}

export const EMPTY_SCOPE: CampaignScope = { lifecycleStates: [], tags: [], filters: [] };

export function scopeFilters(s: CampaignScope): AssetFilter[] {
  const out: AssetFilter[] = [];
  if (s.lifecycleStates.length > 0) out.push({ field: 'lifecycleState', op: 'in', value: s.lifecycleStates });
  const tags = s.tags.map((t) => t.trim()).filter(Boolean);
  if (tags.length > 0) out.push({ field: 'tags', op: 'in', value: tags });
  return [...out, ...s.filters];
}

/** A yyyy-mm-dd `days` from today, in the person's time zone. */
export function dateInDays(days: number, now = new Date()): string {
  const d = new Date(now.getTime() + days * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
