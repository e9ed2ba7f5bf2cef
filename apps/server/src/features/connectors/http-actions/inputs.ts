import { z } from 'zod';
import { errors } from '@steward/domain';
import type { InputField } from './definition.schemas.js';

function fieldSchema(field: InputField): z.ZodType {
  if (field.type === 'number') return z.number();
  if (field.type === 'boolean') return z.boolean();
  let s: z.ZodType<string> = z.string().max(10_000);
  if (field.options) s = z.enum(field.options as [string, ...string[]]);
  if (field.pattern) {
    const re = new RegExp(`^(?:${field.pattern})$`);
    s = s.refine((v) => re.test(v), `must match ${field.pattern}`);
  }
  return s;
}

/** Checks a run's input against the declared fields; errors name `<at>.<field>`. */
export function parseInputs(
  fields: readonly InputField[],
  input: unknown,
  at: string,
): Record<string, unknown> {
  const shape = Object.fromEntries(
    fields.map((f) => [f.name, f.required ? fieldSchema(f) : fieldSchema(f).optional()]),
  );
  const parsed = z.strictObject(shape).safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw errors.validation(
    'The input is not valid.',
    parsed.error.issues.map((i) => ({ path: [at, ...i.path.map(String)].join('.'), reason: i.message })),
  );
}

/** The fields as JSON Schema, for forms generated from a preset. */
export function inputJsonSchema(fields: readonly InputField[]): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    required: fields.filter((f) => f.required).map((f) => f.name),
    properties: Object.fromEntries(
      fields.map((f) => [
        f.name,
        {
          type: f.type,
          title: f.label,
          ...(f.description ? { description: f.description } : {}),
          ...(f.pattern ? { pattern: `^(?:${f.pattern})$` } : {}),
          ...(f.options ? { enum: f.options } : {}),
        },
      ]),
    ),
  };
}
