// Shapes of the asset CSV import and export. Kept by hand; server-copy.test.ts checks the constants
// against apps/server/src/features/asset-csv/asset-csv.schemas.ts.

export const IMPORT_MODES = ['dryRun', 'commit', 'commitValid'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const MATCH_ON = ['assetTag', 'serialNumber'] as const;
export type MatchOn = (typeof MATCH_ON)[number];

export const IMPORT_OUTCOMES = ['dry_run', 'refused', 'written', 'interrupted'] as const;
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];

/** A column's target that imports nothing. */
export const IGNORE = 'ignore';

export interface ImportError {
  /** 1-based line of the file on which the row starts (the header is line 1). */
  line: number;
  /** The CSV column header, or null when the whole row is at fault. */
  column: string | null;
  reason: string;
}

export interface AssetImportReport {
  mode: ImportMode;
  dryRun: boolean;
  outcome: ImportOutcome;
  totalRows: number;
  validRows: number;
  invalidRows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** How each CSV column was read (target "ignore": not imported). */
  columns: { header: string; target: string }[];
  errors: ImportError[];
}
