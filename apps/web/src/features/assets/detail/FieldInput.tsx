import { Select, TextInput } from '@mantine/core';
import type { AttributeType } from '../../../api/attributes.js';
import { humanize } from '../../../api/lifecycle.js';

export interface FieldInputProps {
  type: AttributeType;
  values?: readonly string[] | null;
  draft: string;
  onChange: (draft: string) => void;
  onSubmit: () => void;
  onCancel: () => void;
  testId: string;
  /** Custom enum values are shown as they are; canonical ones are humanised. */
  rawLabels?: boolean;
}

/** The input for editing one value, by its type. Enter saves, Escape cancels. */
export function FieldInput({
  type,
  values,
  draft,
  onChange,
  onSubmit,
  onCancel,
  testId,
  rawLabels,
}: FieldInputProps) {
  const keys = (e: { key: string; preventDefault: () => void }) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      onSubmit();
    } else if (e.key === 'Escape') onCancel();
  };
  if (type === 'boolean' || values) {
    const data = values
      ? values.map((v) => ({ value: v, label: rawLabels ? v : humanize(v) }))
      : [
          { value: 'true', label: 'Yes' },
          { value: 'false', label: 'No' },
        ];
    return (
      <Select
        size="xs"
        data={data}
        value={draft || null}
        onChange={(v) => onChange(v ?? '')}
        clearable
        searchable={data.length > 8}
        comboboxProps={{ withinPortal: true }}
        data-testid={testId}
        autoFocus
      />
    );
  }
  const inputType =
    type === 'date' ? 'date' : type === 'datetime' ? 'datetime-local' : type === 'number' ? 'number' : 'text';
  return (
    <TextInput
      size="xs"
      type={inputType}
      value={draft}
      onChange={(e) => onChange(e.currentTarget.value)}
      onKeyDown={keys}
      autoFocus
      data-testid={testId}
    />
  );
}
