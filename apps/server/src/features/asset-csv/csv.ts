import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { errors } from '@steward/domain';

/**
 * Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection"): = + - @, and tab
 * and carriage return, which some spreadsheets skip before looking for one.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell safe to open in a spreadsheet: a leading formula character gets a single quote in front. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Undo guardFormula on the way in, so an exported file imports back to the same values. */
export function unguardFormula(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

export type CellValue = string | number | boolean | null | undefined;

/**
 * One value as a CSV cell. Only text is guarded: a number or boolean we format ourselves cannot carry a
 * formula, and guarding it (say a negative price) would corrupt it.
 */
export function toCell(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  return guardFormula(value);
}

/**
 * Rows as RFC 4180 CSV (CRLF line ends; cells holding a comma, quote or line break are quoted, quotes
 * doubled). The cells must already be strings (see toCell).
 */
export function csvLines(rows: string[][]): string {
  return stringify(rows, { record_delimiter: 'windows' });
}

export interface CsvRecord {
  /** 1-based physical line of the file on which the record starts (the header is line 1). */
  line: number;
  cells: string[];
}

/**
 * Parse a whole CSV text into records with the line each starts on. Blank lines and rows whose cells are
 * all empty are skipped; a byte-order mark is dropped. Rows with a different number of cells are kept
 * (the importer reports them); a malformed file (an unclosed quote, say) is a 400 naming the line.
 */
export function parseCsv(text: string): CsvRecord[] {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const reason = (e as { message?: string }).message ?? 'unreadable CSV';
    throw errors.badRequest('invalid_csv', 'The file is not valid CSV.', [{ path: 'body', reason }]);
  }
  return parsed.map(({ record, info }) => {
    // info.lines is the line the record ends on; line breaks inside quoted cells move its start back.
    const inner = record.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    return { line: info.lines - inner, cells: record };
  });
}
