import { Checkbox, NumberInput, Select, TextInput, Textarea } from '@mantine/core';
import type { FormValue, SchemaField } from './schemaForm.js';

export interface SchemaFieldInputProps {
  field: SchemaField;
  value: FormValue;
  error: string | undefined;
  onChange: (value: FormValue) => void;
  /** data-testid of the input; its error is `${testId}-error`. */
  testId: string;
  disabled?: boolean;
}

/** One input for one JSON Schema property, chosen by its type and format. */
export function SchemaFieldInput({ field, value, error, onChange, testId, disabled }: SchemaFieldInputProps) {
  const common = {
    label: field.label,
    description: field.description ?? undefined,
    required: field.required,
    error,
    errorProps: { 'data-testid': `${testId}-error` },
    disabled,
    'data-testid': testId,
  };
  const text = typeof value === 'string' ? value : '';
  switch (field.kind) {
    case 'boolean':
      return (
        <Checkbox
          label={field.label}
          description={field.description ?? undefined}
          error={error ? <span data-testid={`${testId}-error`}>{error}</span> : undefined}
          disabled={disabled}
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
          data-testid={testId}
          mt="sm"
        />
      );
    case 'enum':
      return (
        <Select
          {...common}
          data={field.options}
          value={text || null}
          onChange={(v) => onChange(v ?? '')}
          clearable={!field.required}
          allowDeselect={!field.required}
          comboboxProps={{ withinPortal: true }}
        />
      );
    case 'integer':
    case 'number':
      return (
        <NumberInput
          {...common}
          value={text}
          onChange={(v) => onChange(String(v))}
          min={field.min ?? undefined}
          max={field.max ?? undefined}
          allowDecimal={field.kind === 'number'}
          clampBehavior="none"
          placeholder={field.default === undefined ? undefined : String(field.default)}
        />
      );
    case 'list':
    case 'json':
      return (
        <Textarea
          {...common}
          value={text}
          onChange={(e) => onChange(e.currentTarget.value)}
          autosize
          minRows={2}
          ff={field.kind === 'json' ? 'monospace' : undefined}
          placeholder={field.kind === 'list' ? 'One per line' : undefined}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          type={field.kind === 'url' ? 'url' : field.kind === 'email' ? 'email' : 'text'}
          value={text}
          onChange={(e) => onChange(e.currentTarget.value)}
          placeholder={field.kind === 'url' ? 'https://' : undefined}
          autoComplete="off"
        />
      );
  }
}
