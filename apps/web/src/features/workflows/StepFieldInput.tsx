import { NumberInput, Select, Switch, Textarea, TextInput } from '@mantine/core';
import type { FieldSpec } from './stepFields.js';

const mono = { input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } };
const LONG = new Set(['body', 'text', 'description']);

/** One simple field of a step. An optional field left empty is removed from the step. */
export function StepFieldInput({
  spec,
  value,
  error,
  disabled,
  onChange,
}: {
  spec: FieldSpec;
  value: unknown;
  error?: string;
  disabled: boolean;
  onChange: (v: unknown) => void;
}) {
  const common = {
    label: spec.label,
    description: spec.description,
    required: spec.required,
    error,
    disabled,
    'data-testid': `step-field-${spec.key}`,
    errorProps: { 'data-testid': `step-field-${spec.key}-error` },
  };
  const text = (v: string) => onChange(v === '' && !spec.required ? undefined : v);
  switch (spec.kind) {
    case 'number':
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => onChange(typeof v === 'number' ? v : undefined)}
          allowDecimal={false}
        />
      );
    case 'select':
      return (
        <Select
          {...common}
          data={[...(spec.options ?? [])]}
          value={typeof value === 'string' ? value : null}
          onChange={(v) => onChange(v ?? undefined)}
          allowDeselect={!spec.required}
          comboboxProps={{ withinPortal: true }}
        />
      );
    case 'boolean':
      return (
        <Switch
          label={spec.label}
          checked={value !== false}
          onChange={(e) => onChange(e.currentTarget.checked)}
          disabled={disabled}
          data-testid={common['data-testid']}
        />
      );
    default: {
      const str = typeof value === 'string' ? value : '';
      const styles = spec.kind === 'expr' ? mono : undefined;
      return LONG.has(spec.key) ? (
        <Textarea
          {...common}
          value={str}
          onChange={(e) => text(e.currentTarget.value)}
          autosize
          minRows={2}
          styles={styles}
        />
      ) : (
        <TextInput {...common} value={str} onChange={(e) => text(e.currentTarget.value)} styles={styles} />
      );
    }
  }
}
