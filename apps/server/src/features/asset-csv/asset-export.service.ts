import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { ASSET_ATTRIBUTES, errors } from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import type { DB } from '../../platform/db/index.js';
import { queryAssets, type AssetQuery, type AssetView } from '../assets/index.js';
import { customFieldsByKey } from '../custom-fields/index.js';
import type { ExportQueryBody } from './asset-csv.schemas.js';
import { csvLines, toCell, type CellValue } from './csv.js';

/** Rows fetched per keyset page: memory stays flat however many assets match. */
export const EXPORT_PAGE_SIZE = 1000;

/** Tags share one cell; tags cannot contain ; or , (see tagSchema), so the importer splits on either. */
export const TAG_SEPARATOR = '; ';

export interface ExportDeps {
  db: Kysely<DB>;
}

export interface CsvExport {
  columns: string[];
  /** The CSV text: the header row, then one row per asset, page by page as the reader asks for more. */
  stream: Readable;
}

/**
 * Every column an export can have: id and kind, each canonical attribute, tags, each custom field of the
 * tenant, then the timestamps and version. With `fields`, exactly those columns in that order (custom
 * stands for every custom field); an unknown one is a 400 naming it.
 */
function exportColumns(fields: string[] | undefined, customKeys: string[], pathPrefix: string): string[] {
  const all = [
    'id',
    'kind',
    ...ASSET_ATTRIBUTES.map((a) => a.key),
    'tags',
    ...customKeys,
    'createdAt',
    'updatedAt',
    'version',
  ];
  if (!fields) return all;
  const known = new Set(all);
  const columns: string[] = [];
  const unknown: string[] = [];
  for (const field of fields) {
    for (const column of field === 'custom' ? customKeys : [field]) {
      if (!known.has(column)) unknown.push(column);
      else if (!columns.includes(column)) columns.push(column);
    }
  }
  if (unknown.length) {
    throw errors.validation(
      `Unknown fields: ${unknown.join(', ')}.`,
      unknown.map((f) => ({ path: `${pathPrefix}fields`, reason: `unknown field ${f}` })),
    );
  }
  if (!columns.length) {
    throw errors.validation('Name at least one field to export.', [
      { path: `${pathPrefix}fields`, reason: 'no fields' },
    ]);
  }
  return columns;
}

function cellOf(asset: AssetView, column: string): string {
  if (column === 'tags') return toCell(asset.tags?.join(TAG_SEPARATOR));
  if (column.startsWith('cf_')) return toCell(asset.custom?.[column]);
  return toCell((asset as Record<string, unknown>)[column] as CellValue);
}

/**
 * Export the assets a query matches as CSV. The query is validated (and its first page read) before this
 * returns, so a bad query is an ordinary 400; the rest is read one keyset page at a time while the client
 * reads, so memory stays flat. Each page is consistent, the whole export is not a snapshot: an asset
 * edited during a long export may be missed or appear twice when the sort is on a field that changed.
 */
export async function exportAssetsCsv(
  deps: ExportDeps,
  ctx: RequestContext,
  query: ExportQueryBody,
  pathPrefix = 'body.',
): Promise<CsvExport> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const customKeys = [...(await customFieldsByKey(deps.db, tenantId, 'asset')).keys()].sort();
  const columns = exportColumns(query.fields, customKeys, pathPrefix);
  const q: AssetQuery = {
    ...query,
    ...(query.fields ? { fields: columns } : {}),
    limit: EXPORT_PAGE_SIZE,
    count: false,
  };
  const first = await queryAssets(deps.db, tenantId, q, pathPrefix);

  async function* chunks(): AsyncGenerator<string> {
    yield csvLines([columns]);
    let page = first;
    for (;;) {
      if (page.items.length) yield csvLines(page.items.map((a) => columns.map((c) => cellOf(a, c))));
      if (!page.nextCursor) return;
      page = await queryAssets(deps.db, tenantId, { ...q, cursor: page.nextCursor }, pathPrefix);
    }
  }
  return { columns, stream: Readable.from(chunks(), { objectMode: false }) };
}
