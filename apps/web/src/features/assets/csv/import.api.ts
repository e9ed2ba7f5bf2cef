import { api } from '../../../api/client.js';
import type { AssetImportReport, ImportMode, MatchOn } from '../../../api/csv.js';
import type { AssetKind } from '../../../api/records.js';
import { mappingParam, unknownHeaders } from './importMapping.js';

export interface ImportSetup {
  file: File;
  /** null: the file has a kind column. */
  kind: AssetKind | null;
  matchOn: MatchOn | null;
}

/** Sends the file itself (text/csv) to POST /api/v1/assets/import. */
export function runImport(
  setup: ImportSetup,
  mode: ImportMode,
  overrides: Readonly<Record<string, string>>,
): Promise<AssetImportReport> {
  return api.upload<AssetImportReport>(
    '/api/v1/assets/import',
    {
      mode,
      kind: setup.kind ?? undefined,
      matchOn: setup.matchOn ?? undefined,
      mapping: mappingParam(overrides),
    },
    setup.file,
    'text/csv',
  );
}

export interface DryRun {
  report: AssetImportReport;
  overrides: Record<string, string>;
  /** Columns that matched nothing, now mapped to "ignore" until the person maps them. */
  unrecognised: string[];
}

/**
 * A dry run. The server refuses a file with columns it cannot place; those are mapped to "ignore" and the
 * dry run asked again, so the person sees the whole mapping (and can map them) instead of an error.
 */
export async function dryRun(setup: ImportSetup, overrides: Record<string, string>): Promise<DryRun> {
  let mapping = { ...overrides };
  const unrecognised: string[] = [];
  for (let attempt = 0; ; attempt++) {
    try {
      return { report: await runImport(setup, 'dryRun', mapping), overrides: mapping, unrecognised };
    } catch (e) {
      const unknown = unknownHeaders(e).filter((h) => !(h in mapping));
      if (unknown.length === 0 || attempt > 0) throw e;
      unrecognised.push(...unknown);
      mapping = { ...mapping, ...Object.fromEntries(unknown.map((h) => [h, 'ignore'])) };
    }
  }
}
