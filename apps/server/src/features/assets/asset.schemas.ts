import { z } from 'zod';
import {
  ASSET_ATTRIBUTES,
  EDITABLE_ASSET_ATTRIBUTES,
  assetKindSchema,
  disposalMethodSchema,
  lifecycleStateSchema,
  type AttributeDef,
} from '@steward/domain';

/** The write-side schema of one canonical attribute. */
export function attributeInput(a: AttributeDef): z.ZodType {
  switch (a.type) {
    case 'text':
      return z.string().trim().min(1).max(500);
    case 'number':
      return z.number().finite();
    case 'date':
      return z.iso.date();
    case 'datetime':
      return z.iso.datetime({ offset: true });
    case 'boolean':
      return z.boolean();
    case 'enum':
      return z.enum(a.values as [string, ...string[]]);
    case 'person':
    case 'location':
      return z.string().min(1).max(64);
  }
}

function attributeOutput(a: AttributeDef): z.ZodType {
  if (a.type === 'number') return z.number().nullable();
  if (a.type === 'boolean') return z.boolean().nullable();
  return z.string().nullable();
}

export const tagSchema = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[\p{L}\p{N} _.:/-]+$/u, 'letters, digits, space and _ . : / - only');

const customValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const customValuesSchema = z
  .record(z.string(), customValue)
  .describe('Custom field values by key (cf_…)');

/** An asset as the API returns it. With `fields`, only the asked-for attributes are present. */
export const assetSchema = z
  .object({
    id: z.string(),
    kind: assetKindSchema,
    ...Object.fromEntries(
      ASSET_ATTRIBUTES.map((a) => [a.key, attributeOutput(a).optional().describe(a.description)]),
    ),
    tags: z.array(z.string()).optional(),
    custom: z.record(z.string(), customValue).optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'Asset' });
export type AssetView = z.infer<typeof assetSchema>;

const editableShape = Object.fromEntries(
  EDITABLE_ASSET_ATTRIBUTES.map((a) => [a.key, attributeInput(a).optional()]),
);
const clearableShape = Object.fromEntries(
  EDITABLE_ASSET_ATTRIBUTES.map((a) => [a.key, attributeInput(a).nullable().optional()]),
);

export const INITIAL_STATES = ['ordered', 'received', 'in_stock', 'deployed'] as const;

export const createAssetSchema = z.strictObject({
  kind: assetKindSchema,
  lifecycleState: z.enum(INITIAL_STATES).default('in_stock'),
  ...editableShape,
  tags: z.array(tagSchema).max(50).optional(),
  custom: customValuesSchema.optional(),
});
export type CreateAssetInput = z.infer<typeof createAssetSchema> & Record<string, unknown>;

export const updateAssetSchema = z.strictObject({
  ...clearableShape,
  tags: z.array(tagSchema).max(50).optional(),
  custom: customValuesSchema.optional(),
  version: z.number().int().positive().optional().describe('The version you read; a stale one answers 409'),
});
export type UpdateAssetInput = z.infer<typeof updateAssetSchema> & Record<string, unknown>;

export const transitionSchema = z.strictObject({
  to: lifecycleStateSchema,
  reason: z.string().trim().min(1).max(1000),
  disposalMethod: disposalMethodSchema.optional().describe('Required when moving to disposed'),
});
export type TransitionInput = z.infer<typeof transitionSchema>;

export const legalHoldSchema = z.strictObject({
  hold: z.boolean(),
  reason: z.string().trim().min(1).max(1000),
});

export const assignSchema = z
  .strictObject({
    personId: z.string().min(1).max(64).optional(),
    locationId: z.string().min(1).max(64).optional(),
    dueAt: z.iso.datetime({ offset: true }).optional().describe('Makes it a loaner, due back then'),
    note: z.string().max(1000).optional(),
  })
  .refine((v) => v.personId !== undefined || v.locationId !== undefined, {
    message: 'give a personId, a locationId, or both',
    path: ['personId'],
  });
export type AssignInput = z.infer<typeof assignSchema>;

export const assetIdParams = z.strictObject({ id: z.string().min(1).max(64) });
