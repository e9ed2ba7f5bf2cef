import { SimpleGrid } from '@mantine/core';
import { SchemaFieldInput } from './SchemaFieldInput.js';
import type { FormValue, FormValues, SchemaField } from './schemaForm.js';

export interface SchemaFieldsProps {
  fields: SchemaField[];
  values: FormValues;
  /** By field path. */
  errors: Record<string, string | undefined>;
  onChange: (path: string, value: FormValue) => void;
  /** Test ids are `${testIdPrefix}-${path}`. */
  testIdPrefix: string;
  cols?: number;
  disabled?: boolean;
}

/** The inputs of a form generated from a JSON Schema. */
export function SchemaFields({
  fields,
  values,
  errors,
  onChange,
  testIdPrefix,
  cols = 2,
  disabled,
}: SchemaFieldsProps) {
  return (
    <SimpleGrid cols={{ base: 1, sm: Math.min(cols, fields.length || 1) }} spacing="md" verticalSpacing="sm">
      {fields.map((f) => (
        <SchemaFieldInput
          key={f.path}
          field={f}
          value={values[f.path] ?? (f.kind === 'boolean' ? false : '')}
          error={errors[f.path]}
          onChange={(v) => onChange(f.path, v)}
          testId={`${testIdPrefix}-${f.path}`}
          disabled={disabled}
        />
      ))}
    </SimpleGrid>
  );
}
