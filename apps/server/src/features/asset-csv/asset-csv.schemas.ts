import { z } from 'zod';
import { assetKindSchema } from '@steward/domain';
import { assetListQuerystring, assetQuerySchema } from '../assets/index.js';

/** GET …/export.csv: the list's query string without paging (the export walks every match). */
export const exportQuerystring = assetListQuerystring.omit({ limit: true, cursor: true, count: true });
export type ExportQuerystring = z.infer<typeof exportQuerystring>;

/** POST …/export.csv: the JSON query of POST /api/v1/assets/search without paging. */
export const exportQueryBody = assetQuerySchema
  .omit({ limit: true, cursor: true, count: true })
  .meta({ id: 'AssetExportQuery' });
export type ExportQueryBody = z.infer<typeof exportQueryBody>;

export const IMPORT_MODES = ['dryRun', 'commit', 'commitValid'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
export const MATCH_ON = ['assetTag', 'serialNumber'] as const;
export type MatchOn = (typeof MATCH_ON)[number];

export const importQuerystring = z.strictObject({
  kind: assetKindSchema
    .optional()
    .describe('Kind of every row; a kind column, when present, may set it per row instead'),
  mapping: z
    .string()
    .max(20_000)
    .optional()
    .describe(
      'JSON object {"CSV column header": target}; a target is an attribute key, a custom field key (cf_…), ' +
        'tags, kind or ignore. Columns not named here match attribute keys or labels case-insensitively.',
    ),
  mode: z
    .enum(IMPORT_MODES)
    .default('dryRun')
    .describe(
      'dryRun writes nothing; commit writes only when every row is valid; commitValid writes the valid rows',
    ),
  matchOn: z
    .enum(MATCH_ON)
    .optional()
    .describe('Update the asset with this asset tag or serial number instead of creating one'),
});
export type ImportQuerystring = z.infer<typeof importQuerystring>;

/** The column mapping, once parsed from its JSON. */
export const importMappingSchema = z.record(z.string().max(200), z.string().min(1).max(64));

export const IMPORT_OUTCOMES = ['dry_run', 'refused', 'written', 'interrupted'] as const;
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];

export const importErrorSchema = z.object({
  line: z.number().int().describe('1-based line of the file on which the row starts (the header is line 1)'),
  column: z.string().nullable().describe('The CSV column header, or null when the whole row is at fault'),
  reason: z.string(),
});
export type ImportError = z.infer<typeof importErrorSchema>;

export const importReportSchema = z
  .object({
    mode: z.enum(IMPORT_MODES),
    dryRun: z.boolean(),
    outcome: z
      .enum(IMPORT_OUTCOMES)
      .describe(
        'dry_run: validated only; refused: commit with invalid rows, nothing written; written: the rows were ' +
          'written (commitValid: only the valid ones); interrupted: a write failed after validation (see errors)',
      ),
    totalRows: z.number().int(),
    validRows: z.number().int(),
    invalidRows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z
      .number()
      .int()
      .describe('Valid rows matching an asset that already has every value they give: nothing to write'),
    columns: z
      .array(z.object({ header: z.string(), target: z.string() }))
      .describe('How each CSV column was read (target ignore: not imported)'),
    errors: z.array(importErrorSchema),
  })
  .meta({ id: 'AssetImportReport' });
export type ImportReport = z.infer<typeof importReportSchema>;
