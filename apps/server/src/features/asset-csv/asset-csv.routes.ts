import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/http/index.js';
import { errorResponses } from '../../platform/http/schemas.js';
import type { AssetDeps } from '../assets/index.js';
import {
  exportQueryBody,
  exportQuerystring,
  importQuerystring,
  importReportSchema,
} from './asset-csv.schemas.js';
import { exportQueryFromQuerystring } from './asset-export.query.js';
import { exportAssetsCsv, type CsvExport } from './asset-export.service.js';
import { importAssetsCsv } from './asset-import.service.js';

export type AssetCsvRouteDeps = AssetDeps;

/** The largest CSV file an import takes. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
const CSV_TYPES = ['text/csv', 'application/csv'];

const csvResponse = {
  description: 'The matching assets as CSV: a header row of attribute keys, then one row per asset',
  content: { 'text/csv': { schema: z.string() } },
};

const EXPORT_DESCRIPTION =
  'Streams every asset the query matches, page by page, so any number of rows can be exported. Columns: ' +
  'id, kind, each canonical attribute, tags (separated by "; "), each custom field (cf_…), createdAt, updatedAt, ' +
  'version; with `fields`, exactly those columns in that order (`custom` stands for every custom field). ' +
  'Text cells starting with = + - @, tab or carriage return get a leading single quote so a spreadsheet ' +
  'does not run them as formulas (the import removes it again). The export is not a snapshot: an asset ' +
  'edited while a long export runs may be missed or appear twice if the sort field changed.';

function sendCsv(reply: FastifyReply, csv: CsvExport) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', 'attachment; filename="assets.csv"')
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(csv.stream);
}

export function registerAssetCsvRoutes(app: FastifyInstance, deps: AssetCsvRouteDeps): void {
  const tags = ['Assets'];
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/assets/export.csv',
    {
      schema: {
        tags,
        summary: 'Export assets as CSV',
        description: `Takes the query string of GET /api/v1/assets (kind, q, filter, sort, fields) without paging. ${EXPORT_DESCRIPTION}`,
        querystring: exportQuerystring,
        response: { 200: csvResponse, ...errorResponses },
      },
    },
    async (req, reply) => {
      const query = exportQueryFromQuerystring(req.query);
      return sendCsv(reply, await exportAssetsCsv(deps, contextOf(req), query, 'query.'));
    },
  );
  r.post(
    '/api/v1/assets/export.csv',
    {
      schema: {
        tags,
        summary: 'Export assets as CSV (JSON query)',
        description: `Takes the JSON query of POST /api/v1/assets/search without paging. ${EXPORT_DESCRIPTION}`,
        body: exportQueryBody,
        response: { 200: csvResponse, ...errorResponses },
      },
    },
    async (req, reply) => sendCsv(reply, await exportAssetsCsv(deps, contextOf(req), req.body, 'body.')),
  );

  void app.register(async (scope) => {
    // The import's body is the CSV file itself, only in this scope.
    scope.addContentTypeParser(
      CSV_TYPES,
      { parseAs: 'string', bodyLimit: MAX_IMPORT_BYTES },
      (_req, body, done) => done(null, body),
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/assets/import',
      {
        bodyLimit: MAX_IMPORT_BYTES,
        schema: {
          tags,
          summary: 'Import assets from CSV',
          description:
            'Send the CSV file (UTF-8, header row first, at most 20 MB) as the body with Content-Type text/csv. ' +
            'Columns match attribute keys or labels, custom field keys or labels, tags and kind ' +
            'case-insensitively, or as `mapping` says; a column that matches nothing is a 400 naming it (map it to ' +
            'ignore to skip it). Values follow the API rules; booleans also take yes/no and 1/0; a blank cell sets ' +
            'nothing. Every bad row is reported with its line (of the file, the header is line 1), column and ' +
            'reason. mode=dryRun (default) writes nothing; commit writes only when every row is valid; ' +
            'commitValid writes the valid rows. matchOn=assetTag|serialNumber updates the asset with that value ' +
            'instead of creating one (a blank or unknown value creates one; a row that changes nothing is ' +
            'counted as unchanged and not written). Rows are validated before anything is written and each asset is then ' +
            'written through the same service as the API (one transaction per asset, each audited); a write ' +
            'that fails after validation (a concurrent change) stops a commit there, with outcome interrupted. ' +
            'Needs operator.',
          consumes: CSV_TYPES,
          querystring: importQuerystring,
          body: z.string().describe('The CSV file'),
          response: { 200: importReportSchema, ...errorResponses },
        },
      },
      async (req) =>
        importAssetsCsv({ ...deps, log: req.log }, contextOf(req), {
          csv: req.body,
          kind: req.query.kind,
          mapping: req.query.mapping,
          mode: req.query.mode,
          matchOn: req.query.matchOn,
        }),
    );
  });
}
