import { sql, type Expression, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../platform/db/index.js';
import { MAX_TOKEN_LENGTH, WORD_BREAK, type AssetRow } from './asset.mapping.js';

type Q = SelectQueryBuilder<DB, 'assets', AssetRow>;

// Prefix search as a range keeps it an index walk on both dialects (byte-wise text collation).
export const PREFIX_END = '\u{10FFFF}';
const MAX_TERMS = 8;

/**
 * How many token matches a term may have before walking the sort index beats collecting the matches.
 * Collecting m matches costs ~m; walking the sort index and probing each asset costs ~page·N/m. They are
 * equal at m = √(page·N); the factor says how much cheaper one collected match is than one probe. When
 * the sort is updatedAt, matches are ordered from the token index alone (its sort-key copy), which was
 * measured at 1M assets on both databases to be about 2.6× cheaper; other sorts fetch each match's row.
 */
const INDEX_ONLY_FACTOR = 2.6;
const ROW_FETCH_FACTOR = 1;

/** The words of a search, split the way stored tokens are, lower-cased, de-duplicated. */
export function searchTerms(search: string | undefined): string[] {
  const words = (search ?? '').toLowerCase().split(WORD_BREAK).filter(Boolean);
  return [...new Set(words.map((w) => w.slice(0, MAX_TOKEN_LENGTH)))].slice(0, MAX_TERMS);
}

export type SearchPlan =
  /** no search words */
  | { kind: 'none' }
  /** some word matches no token: nothing can match */
  | { kind: 'empty' }
  /** the narrowest word's matches, ordered by the tokens' sort key, then fetched a batch at a time */
  | { kind: 'token-order'; driver: string; others: string[] }
  /** the narrowest word's matches collected through the token index; the other words probed per row */
  | { kind: 'token-set'; driver: string; others: string[] }
  /** walk the sort index and probe every word per row: each word is too common to collect */
  | { kind: 'probe'; terms: string[] };

export interface SearchOptions {
  /** Override the computed threshold between collecting matches and walking the sort index. */
  collectBelow?: number;
}

function tokenRange(term: string): [string, string] {
  return [term, `${term}${PREFIX_END}`];
}

async function tenantSize(db: Kysely<DB>, tenantId: string): Promise<number> {
  const r = await db
    .selectFrom('asset_state_counts')
    .select((eb) => eb.fn.sum<string | number | null>('n').as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return Math.max(0, Number(r?.n ?? 0));
}

/** Token matches of a prefix, counting no further than `cap` (an index-only walk of at most cap entries). */
async function cappedMatches(db: Kysely<DB>, tenantId: string, term: string, cap: number): Promise<number> {
  const [from, to] = tokenRange(term);
  const r = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('search_tokens')
        .select('search_tokens.entity_id')
        .where('search_tokens.tenant_id', '=', tenantId)
        .where('search_tokens.token', '>=', from)
        .where('search_tokens.token', '<', to)
        .limit(cap)
        .as('m'),
    )
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Pick how a search is run, from a capped count of each word's matches. */
export async function planSearch(
  db: Kysely<DB>,
  tenantId: string,
  terms: string[],
  sortField: string,
  pageSize: number,
  options: SearchOptions = {},
): Promise<SearchPlan> {
  if (terms.length === 0) return { kind: 'none' };
  const byUpdated = sortField === 'updatedAt';
  const cap =
    options.collectBelow ??
    Math.ceil(
      (byUpdated ? INDEX_ONLY_FACTOR : ROW_FETCH_FACTOR) *
        Math.sqrt((pageSize + 1) * (await tenantSize(db, tenantId))),
    );
  let driver: string | undefined;
  let fewest = Infinity;
  for (const term of terms) {
    const n = await cappedMatches(db, tenantId, term, Math.max(cap, 1));
    if (n === 0) return { kind: 'empty' };
    if (n < fewest) [driver, fewest] = [term, n];
  }
  if (driver === undefined || fewest >= cap) return { kind: 'probe', terms };
  const others = terms.filter((t) => t !== driver);
  return byUpdated ? { kind: 'token-order', driver, others } : { kind: 'token-set', driver, others };
}

/** `assets.id IN (assets with a token starting with term)`: collects every match through the token index. */
function inTokenSet(q: Q, tenantId: string, term: string): Q {
  const [from, to] = tokenRange(term);
  return q.where('assets.id', 'in', (eb) =>
    eb
      .selectFrom('search_tokens')
      .select('search_tokens.entity_id')
      .where('search_tokens.tenant_id', '=', tenantId)
      .where('search_tokens.token', '>=', from)
      .where('search_tokens.token', '<', to),
  );
}

/**
 * "This asset has a token starting with term" as one index probe per row. A scalar subquery with LIMIT
 * is not flattened into a join by either planner, so the query keeps walking its sort index.
 */
function hasToken(q: Q, tenantId: string, term: string): Q {
  const [from, to] = tokenRange(term);
  return q.where((eb) => {
    const probe = eb
      .selectFrom('search_tokens as st')
      .select(sql<number>`1`.as('one'))
      .where('st.tenant_id', '=', tenantId)
      .whereRef('st.entity_id', '=', 'assets.id')
      .where('st.token', '>=', from)
      .where('st.token', '<', to)
      .limit(1);
    return eb(probe, 'is not', null) as Expression<SqlBool>;
  });
}

/** Every word collected through the token index: the form for counting all matches. */
export function whereAllTermsCollected(q: Q, tenantId: string, terms: string[]): Q {
  return terms.reduce((acc, term) => inTokenSet(acc, tenantId, term), q);
}

/** The search conditions of a plan that pages through the sort index (token-set and probe plans). */
export function whereSearchMatches(q: Q, tenantId: string, plan: SearchPlan): Q {
  if (plan.kind === 'probe') return plan.terms.reduce((acc, t) => hasToken(acc, tenantId, t), q);
  if (plan.kind === 'token-set' || plan.kind === 'token-order') {
    const others = plan.others.reduce((acc, t) => hasToken(acc, tenantId, t), q);
    return plan.kind === 'token-set' ? inTokenSet(others, tenantId, plan.driver) : others;
  }
  return q;
}

const MAX_BATCH = 2000;

/**
 * A page in updatedAt order for a token-order plan: read the driver word's matches from the token index
 * in (sort key, id) order, a growing batch at a time, and keep those whose asset passes every other
 * condition. An asset with two tokens under the prefix appears twice in a row (same key, same id).
 */
export async function pageInTokenOrder(
  db: Kysely<DB>,
  tenantId: string,
  plan: Extract<SearchPlan, { kind: 'token-order' }>,
  filtered: Q,
  direction: 'asc' | 'desc',
  want: number,
  after: { v: string; id: string } | undefined,
): Promise<AssetRow[]> {
  const [from, to] = tokenRange(plan.driver);
  const cmp = direction === 'asc' ? sql.raw('>') : sql.raw('<');
  const rows = whereSearchMatches(filtered, tenantId, plan);
  const out: AssetRow[] = [];
  let position = after;
  let batch = want;
  for (;;) {
    let tokens = db
      .selectFrom('search_tokens')
      .select(['search_tokens.entity_id', 'search_tokens.sort_updated_at'])
      .where('search_tokens.tenant_id', '=', tenantId)
      .where('search_tokens.token', '>=', from)
      .where('search_tokens.token', '<', to)
      .orderBy('search_tokens.sort_updated_at', direction)
      .orderBy('search_tokens.entity_id', direction)
      .limit(batch);
    if (position) {
      tokens = tokens.where(
        sql<boolean>`(search_tokens.sort_updated_at, search_tokens.entity_id) ${cmp} (${position.v}, ${position.id})`,
      );
    }
    const matches = await tokens.execute();
    const ids: string[] = [];
    for (const m of matches) if (ids.at(-1) !== m.entity_id) ids.push(m.entity_id);
    if (ids.length) {
      // No ORDER BY here: SQLite would walk the whole updatedAt index to avoid sorting 51 rows.
      const found = await rows.where('assets.id', 'in', ids).execute();
      const byId = new Map(found.map((r) => [r.id, r]));
      for (const id of ids) {
        const row = byId.get(id);
        if (row) out.push(row);
        if (out.length === want) return out;
      }
    }
    const last = matches.at(-1);
    if (matches.length < batch || !last) return out;
    position = { v: last.sort_updated_at ?? '', id: last.entity_id };
    batch = Math.min(batch * 4, MAX_BATCH);
  }
}
