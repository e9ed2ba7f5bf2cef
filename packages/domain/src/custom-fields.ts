import { z } from 'zod';

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'enum', 'person'] as const;
export const customFieldTypeSchema = z.enum(CUSTOM_FIELD_TYPES);
export type CustomFieldType = z.infer<typeof customFieldTypeSchema>;

/** A custom field's key is its API and CSV name: prefixed so it can never clash with a canonical attribute. */
export const customFieldKeySchema = z
  .string()
  .regex(
    /^cf_[a-z][a-z0-9_]{0,46}$/,
    'must look like cf_cost_centre: "cf_", a lower-case letter, then letters, digits, _',
  );

export const customFieldDefinitionSchema = z
  .strictObject({
    key: customFieldKeySchema,
    label: z.string().trim().min(1).max(100),
    type: customFieldTypeSchema,
    values: z
      .array(z.string().min(1).max(100))
      .min(1)
      .max(200)
      .optional()
      .describe('Allowed values (enum fields only)'),
    required: z.boolean().default(false),
    description: z.string().max(500).optional(),
  })
  .superRefine((d, ctx) => {
    if (d.type === 'enum' && !d.values)
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'an enum field needs its allowed values' });
    if (d.type !== 'enum' && d.values)
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'only enum fields take values' });
  });
export type CustomFieldDefinition = z.infer<typeof customFieldDefinitionSchema>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export type CustomFieldValue = string | number | boolean | null;

/**
 * Check one value against its field; returns the normalised value or a reason it is wrong.
 * Person references are checked for existence by the caller (that needs the database).
 */
export function validateCustomValue(
  def: Pick<CustomFieldDefinition, 'type' | 'values' | 'required'>,
  value: unknown,
): { ok: true; value: CustomFieldValue } | { ok: false; reason: string } {
  if (value === null || value === undefined || value === '') {
    return def.required ? { ok: false, reason: 'is required' } : { ok: true, value: null };
  }
  switch (def.type) {
    case 'text':
      return typeof value === 'string' && value.length <= 1000
        ? { ok: true, value }
        : { ok: false, reason: 'must be text of at most 1000 characters' };
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof n === 'number' && Number.isFinite(n)
        ? { ok: true, value: n }
        : { ok: false, reason: 'must be a number' };
    }
    case 'date':
      return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value))
        ? { ok: true, value }
        : { ok: false, reason: 'must be a date as YYYY-MM-DD' };
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      if (value === 'true' || value === 'false') return { ok: true, value: value === 'true' };
      return { ok: false, reason: 'must be true or false' };
    case 'enum':
      return typeof value === 'string' && def.values?.includes(value)
        ? { ok: true, value }
        : { ok: false, reason: `must be one of ${def.values?.join(', ')}` };
    case 'person':
      return typeof value === 'string' && value.length <= 64
        ? { ok: true, value }
        : { ok: false, reason: 'must be a person id' };
  }
}
