import { z } from 'zod';
import { roleSchema } from '@steward/domain';

export const tokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: roleSchema,
    prefix: z.string().describe('The first characters of the token, to recognise it'),
    createdBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.infer<typeof tokenSchema>;

export const createTokenSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  role: roleSchema,
  expiresAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('When the token stops working (ISO-8601); omit for no expiry'),
});
export type CreateTokenInput = z.infer<typeof createTokenSchema>;

export const createdTokenSchema = z.object({
  token: tokenSchema,
  secret: z.string().describe('The token itself. It is shown only this once; store it now.'),
});

export const tokenIdParams = z.strictObject({ id: z.string().min(1).max(64) });
