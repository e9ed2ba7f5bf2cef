import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { errors } from '@steward/domain';
import type { DB } from '../../platform/db/index.js';
import { customValuesOf } from '../custom-fields/index.js';
import { toView, type AssetRow } from './asset.mapping.js';
import { applyFilters, sortColumn, sortIndexWouldMislead, unindexedSortKey } from './asset.query.js';
import type { AssetQuery } from './asset.query.schemas.js';
import type { AssetView } from './asset.schemas.js';
import {
  pageInTokenOrder,
  planSearch,
  searchTerms,
  whereAllTermsCollected,
  whereSearchMatches,
  type SearchOptions,
  type SearchPlan,
} from './asset.search.js';
import { tagsOf } from './assets.repo.js';

type Q = SelectQueryBuilder<DB, 'assets', AssetRow>;

interface Cursor {
  /** sort field and direction the cursor belongs to */
  s: string;
  d: 'asc' | 'desc';
  /** last value of the sort column (null in the null segment) and last id */
  v: string | number | null;
  id: string;
  /** in the trailing segment of rows whose sort value is null */
  n: boolean;
}

function encode(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decode(raw: string, q: AssetQuery, pathPrefix: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (
      c.s === q.sort.field &&
      c.d === q.sort.direction &&
      typeof c.id === 'string' &&
      typeof c.n === 'boolean'
    )
      return c;
  } catch {
    // fall through
  }
  throw errors.validation('The cursor does not belong to this query.', [
    { path: `${pathPrefix}cursor`, reason: 'not a cursor for this sort' },
  ]);
}

/** Rows of one page through the sort index, walking the non-null part first and then the nulls. */
async function pageBySortIndex(base: Q, q: AssetQuery, cursor: Cursor | undefined): Promise<AssetRow[]> {
  const column = sortColumn(q.sort.field);
  const dir = q.sort.direction;
  const cmp = dir === 'asc' ? sql.raw('>') : sql.raw('<');
  const ref = sql.ref(`assets.${column}`);
  const want = q.limit + 1;
  if (column === 'id') {
    let page = base.orderBy('assets.id', dir).limit(want);
    if (cursor) page = page.where(sql<boolean>`assets.id ${cmp} ${cursor.id}`);
    return page.execute();
  }
  const orderKey = sortIndexWouldMislead(q) ? sql.raw(unindexedSortKey(q.sort.field)) : ref;
  let rows: AssetRow[] = [];
  if (!cursor?.n) {
    let page = base
      .where(sql<boolean>`${orderKey} is not null`)
      .orderBy(sql`${orderKey}`, dir)
      .orderBy('assets.id', dir)
      .limit(want);
    if (cursor) page = page.where(sql<boolean>`(${orderKey}, assets.id) ${cmp} (${cursor.v}, ${cursor.id})`);
    rows = await page.execute();
  }
  if (rows.length < want) {
    let nulls = base
      .where(sql<boolean>`${orderKey} is null`)
      .orderBy('assets.id', dir)
      .limit(want - rows.length);
    if (cursor?.n) nulls = nulls.where(sql<boolean>`assets.id ${cmp} ${cursor.id}`);
    rows = rows.concat(await nulls.execute());
  }
  return rows;
}

async function fetchRows(
  db: Kysely<DB>,
  tenantId: string,
  q: AssetQuery,
  filtered: Q,
  plan: SearchPlan,
  cursor: Cursor | undefined,
): Promise<AssetRow[]> {
  if (plan.kind === 'empty') return [];
  if (plan.kind === 'token-order') {
    const after = cursor && typeof cursor.v === 'string' ? { v: cursor.v, id: cursor.id } : undefined;
    return pageInTokenOrder(db, tenantId, plan, filtered, q.sort.direction, q.limit + 1, after);
  }
  return pageBySortIndex(whereSearchMatches(filtered, tenantId, plan), q, cursor);
}

/**
 * One page of assets in keyset order. Rows whose sort value is null come last in both directions and on
 * both dialects: the page first walks the non-null part of the (tenant, column, id) index, then the nulls.
 * Free text picks its plan from how common its words are (asset.search.ts).
 */
export async function queryAssets(
  db: Kysely<DB>,
  tenantId: string,
  q: AssetQuery,
  pathPrefix = 'body.',
  options: SearchOptions = {},
): Promise<{ items: AssetView[]; nextCursor: string | null; total?: number }> {
  const cursor = q.cursor ? decode(q.cursor, q, pathPrefix) : undefined;
  const filtered = await applyFilters(
    db,
    tenantId,
    q,
    db.selectFrom('assets').selectAll('assets'),
    pathPrefix,
  );
  const terms = searchTerms(q.search);
  const plan = await planSearch(db, tenantId, terms, q.sort.field, q.limit, options);
  const rows = await fetchRows(db, tenantId, q, filtered, plan, cursor);
  const column = sortColumn(q.sort.field);
  const dir = q.sort.direction;

  const more = rows.length > q.limit;
  const pageRows = rows.slice(0, q.limit);
  const last = pageRows.at(-1);
  let nextCursor: string | null = null;
  if (more && last) {
    const v = (last as unknown as Record<string, string | number | null>)[column] ?? null;
    nextCursor = encode({ s: q.sort.field, d: dir, v, id: last.id, n: column !== 'id' && v === null });
  }

  const fields = q.fields ? new Set(q.fields) : undefined;
  const ids = pageRows.map((r) => r.id);
  const wantTags = !fields || fields.has('tags');
  const wantCustom = !fields || fields.has('custom') || q.fields?.some((f) => f.startsWith('cf_'));
  const [tags, custom] = await Promise.all([
    wantTags ? tagsOf(db, tenantId, ids) : undefined,
    wantCustom ? customValuesOf(db, tenantId, 'asset', ids) : undefined,
  ]);
  const items = pageRows.map((row) =>
    toView(
      row,
      {
        ...(tags ? { tags: tags.get(row.id) ?? [] } : {}),
        ...(custom ? { custom: custom.get(row.id) ?? {} } : {}),
      },
      fields,
    ),
  );

  let total: number | undefined;
  if (q.count && plan.kind === 'empty') total = 0;
  else if (q.count) {
    const counted = await whereAllTermsCollected(filtered, tenantId, terms)
      .clearSelect()
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    total = Number(counted.n);
  }
  return { items, nextCursor, ...(total !== undefined ? { total } : {}) };
}
