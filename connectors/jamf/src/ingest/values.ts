// How Jamf Pro spells values, read into canonical ones. Shared by the computer and mobile device mappers.
import { z } from 'zod';

/** Jamf leaves unset text fields as "" as often as null: both mean "not known". */
export function text(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

const OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

/** A Jamf timestamp (`2024-05-01T10:20:30.123Z`; some fields omit the zone, which is UTC) as ISO UTC. */
export const jamfTimestamp = z
  .string()
  .nullish()
  .transform((value, ctx) => {
    const raw = text(value);
    if (raw === undefined) return undefined;
    const ms = Date.parse(OFFSET.test(raw) ? raw : `${raw}Z`);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: 'not a date-time' });
      return z.NEVER;
    }
    return new Date(ms).toISOString();
  });

/** A Jamf purchasing date (`2024-05-01`, sometimes with a time appended) as YYYY-MM-DD. */
export const jamfDate = z
  .string()
  .nullish()
  .transform((value, ctx) => {
    const raw = text(value);
    if (raw === undefined) return undefined;
    const day = /^\d{4}-\d{2}-\d{2}/.exec(raw)?.[0];
    if (!day || Number.isNaN(Date.parse(day))) {
      ctx.addIssue({ code: 'custom', message: 'not a date (YYYY-MM-DD)' });
      return z.NEVER;
    }
    return day;
  });

/**
 * Jamf keeps the purchase price as free text ("$1,299.00", "1299", "1.299,00 €"). A number is read from it
 * when it plainly holds one; anything else is left out rather than guessed at.
 */
export function purchasePrice(value: string | number | null | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const raw = text(value)?.replace(/[^\d.,-]/g, '');
  if (!raw) return undefined;
  let normalised: string | undefined;
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(raw)) normalised = raw.replace(/,/g, '');
  else if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(raw)) normalised = raw.replace(/\./g, '').replace(',', '.');
  else if (/^\d+,\d{1,2}$/.test(raw)) normalised = raw.replace(',', '.');
  else if (/^\d+(\.\d+)?$/.test(raw)) normalised = raw;
  const n = normalised === undefined ? Number.NaN : Number(normalised);
  return Number.isFinite(n) ? n : undefined;
}

/** The distinct, non-blank MACs of a record, in their order (the pipeline normalises their spelling). */
export function macAddresses(...values: (string | null | undefined)[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of values) {
    const mac = text(value);
    if (!mac || seen.has(mac.toLowerCase())) continue;
    seen.add(mac.toLowerCase());
    out.push(mac);
  }
  return out;
}

/** Drops undefined entries, so an unknown value is absent rather than a blank. */
export function compact<T extends Record<string, unknown>>(record: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

/** Megabytes as whole gigabytes, for memory (binary) or disks (decimal, as vendors label them). */
export function gigabytes(megabytes: number | null | undefined, per: 1000 | 1024): number | undefined {
  if (megabytes === null || megabytes === undefined || !(megabytes > 0)) return undefined;
  return Math.round(megabytes / per);
}
