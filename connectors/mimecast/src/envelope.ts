// Mimecast API 2.0's one envelope, `{meta, data[], fail[]}`, and how a fail[] entry is put into words.
import type { ErrorDetail } from '@steward/domain';
import { isRecord } from '@steward/sdk';
import { z } from 'zod';

export const failErrorSchema = z.looseObject({
  field: z.string().nullish(),
  code: z.string().min(1),
  message: z.string().nullish(),
  retryable: z.boolean().nullish(),
});
export type FailError = z.infer<typeof failErrorSchema>;

export const failEntrySchema = z.looseObject({
  /** The submitted item the errors are about (Mimecast echoes it). */
  key: z.unknown().optional(),
  errors: z.array(failErrorSchema),
});
export type FailEntry = z.infer<typeof failEntrySchema>;

export const responsePaginationSchema = z.looseObject({
  pageSize: z.number().int().nullish(),
  /** The pageToken of the next page; absent on the last one. */
  next: z.string().nullish(),
});

export const envelopeSchema = z.looseObject({
  meta: z.looseObject({
    status: z.number().int().nullish(),
    pagination: responsePaginationSchema.nullish(),
  }),
  data: z.array(z.unknown()).nullish(),
  fail: z.array(failEntrySchema).nullish(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

/** Every error of every entry carries `retryable: true`: the same request may succeed later. */
export function allRetryable(fails: readonly FailEntry[]): boolean {
  return (
    fails.length > 0 && fails.every((f) => f.errors.length > 0 && f.errors.every((e) => e.retryable === true))
  );
}

/** `sender err_validation_invalid_email_address (Invalid email address) for sender="a@@b"`, joined by "; ". */
export function describeFails(fails: readonly FailEntry[]): string {
  return fails
    .flatMap((entry) => {
      const item = describeKey(entry.key);
      const errors = entry.errors.length > 0 ? entry.errors : [{ code: 'unknown_error' } as FailError];
      return errors.map((e) => {
        const words = [e.field, e.code].filter(Boolean).join(' ');
        return `${words}${e.message ? ` (${e.message})` : ''}${item ? ` for ${item}` : ''}`;
      });
    })
    .join('; ');
}

export function failDetails(fails: readonly FailEntry[]): ErrorDetail[] {
  return fails.flatMap((entry) => entry.errors.map((e) => ({ path: e.field || 'mimecast', reason: e.code })));
}

/** The failing item by its scalar fields, so the admin can tell which of a batch was refused. */
function describeKey(key: unknown): string {
  if (key === undefined || key === null) return '';
  if (!isRecord(key)) return JSON.stringify(key).slice(0, 120);
  return Object.entries(key)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
}
