import { z } from 'zod';
import { assetKindSchema } from '@steward/domain';
import { assetSchema } from './asset.schemas.js';

export const FILTER_OPS = ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'prefix', 'exists'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export const filterSchema = z.strictObject({
  field: z
    .string()
    .min(1)
    .max(64)
    .describe(
      'A canonical attribute (e.g. osVersion), tags, kind, createdAt, updatedAt, or a custom field cf_…',
    ),
  op: z.enum(FILTER_OPS),
  value: z
    .union([
      z.string().max(500),
      z.number(),
      z.boolean(),
      z
        .array(z.union([z.string().max(500), z.number()]))
        .min(1)
        .max(500),
    ])
    .optional()
    .describe('A list for in; true/false for exists; otherwise one value'),
});
export type Filter = z.infer<typeof filterSchema>;

export const assetQuerySchema = z
  .strictObject({
    kind: assetKindSchema.optional(),
    filters: z.array(filterSchema).max(30).default([]),
    search: z
      .string()
      .trim()
      .max(200)
      .optional()
      .describe('Words matched by prefix against name, serial, asset tag, hostname, model, PO and assignee'),
    sort: z
      .strictObject({ field: z.string().min(1).max(64), direction: z.enum(['asc', 'desc']).default('asc') })
      .default({ field: 'updatedAt', direction: 'desc' }),
    limit: z.number().int().min(1).max(1000).default(50),
    cursor: z.string().max(1000).optional().describe('nextCursor from the previous page (same query)'),
    fields: z
      .array(z.string().min(1).max(64))
      .max(100)
      .optional()
      .describe('Only these attributes (plus id, kind, timestamps)'),
    count: z.boolean().default(false).describe('Also return the total number of matches'),
  })
  .meta({ id: 'AssetQuery' });
export type AssetQuery = z.infer<typeof assetQuerySchema>;

export const assetPageSchema = z.object({
  items: z.array(assetSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int().optional(),
});

/** GET /api/v1/assets: the same query in query-string form; `filter` is a JSON array of filters. */
export const assetListQuerystring = z.strictObject({
  kind: assetKindSchema.optional(),
  q: z.string().trim().max(200).optional(),
  filter: z.string().max(20_000).optional().describe('JSON array of {field, op, value}'),
  sort: z
    .string()
    .regex(/^-?[A-Za-z_][A-Za-z0-9_]*$/)
    .optional()
    .describe('A field; prefix with - for descending'),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  cursor: z.string().max(1000).optional(),
  fields: z.string().max(2000).optional().describe('Comma-separated attribute names'),
  count: z.enum(['true', 'false']).optional(),
});
