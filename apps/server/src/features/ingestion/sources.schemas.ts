import { z } from 'zod';
import { sourceTypeSchema } from '@steward/domain';

export const sourceKeySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, ".", "_" and "-" (at most 64)');

export const sourceSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    name: z.string(),
    type: sourceTypeSchema,
    staleAfterDays: z.number().int().nullable().describe('Null: the source type’s default'),
    effectiveStaleAfterDays: z.number().int().nullable().describe('Null: never stale'),
    missingGraceHours: z.number().int(),
    lastSeenAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Source' });
export type SourceView = z.infer<typeof sourceSchema>;

export const createSourceSchema = z.strictObject({
  key: sourceKeySchema,
  name: z.string().trim().min(1).max(200),
  type: sourceTypeSchema,
  staleAfterDays: z.number().int().min(1).max(3650).nullable().optional(),
  missingGraceHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 365)
    .optional(),
});
export type CreateSourceInput = z.infer<typeof createSourceSchema>;

export const updateSourceSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  staleAfterDays: z.number().int().min(1).max(3650).nullable().optional(),
  missingGraceHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 365)
    .optional(),
});
export type UpdateSourceInput = z.infer<typeof updateSourceSchema>;

export const sourceKeyParams = z.strictObject({ key: sourceKeySchema });
