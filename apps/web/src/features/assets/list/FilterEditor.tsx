import { useState } from 'react';
import { Button, Group, MultiSelect, Select, Stack, TextInput } from '@mantine/core';
import { humanize } from '../../../api/lifecycle.js';
import type { AssetFilter, FilterOp } from '../../../api/records.js';
import { OP_LABELS, opsFor, parseFilterValue, type FilterField } from './filterOps.js';

// Inside a popover: dropdowns stay in it (a portal would count as a click outside and close it).
const INLINE = { withinPortal: false } as const;

/** Builds one filter: a field, an operator that suits its type, and a value. */
export function FilterEditor({ fields, onAdd }: { fields: FilterField[]; onAdd: (f: AssetFilter) => void }) {
  const [fieldKey, setFieldKey] = useState<string | null>(null);
  const [op, setOp] = useState<FilterOp>('eq');
  const [raw, setRaw] = useState('');
  const [many, setMany] = useState<string[]>([]);
  const field = fields.find((f) => f.key === fieldKey);
  const ops = field ? opsFor(field.type) : [];
  const input = op === 'in' && field?.values ? many.join(',') : raw;
  const value = field ? parseFilterValue(field.type, op, op === 'exists' ? raw || 'true' : input) : null;

  const groups = [...new Set(fields.map((f) => f.group))].map((group) => ({
    group,
    items: fields.filter((f) => f.group === group).map((f) => ({ value: f.key, label: f.label })),
  }));

  const pickField = (key: string | null) => {
    setFieldKey(key);
    setOp('eq');
    setRaw('');
    setMany([]);
  };
  const add = () => {
    if (!field || value === null) return;
    onAdd({ field: field.key, op, value });
    pickField(null);
  };

  const valueInput = () => {
    if (!field) return null;
    if (op === 'exists') {
      return (
        <Select
          comboboxProps={INLINE}
          label="Value"
          data={[
            { value: 'true', label: 'has a value' },
            { value: 'false', label: 'is empty' },
          ]}
          value={raw || 'true'}
          onChange={(v) => setRaw(v ?? 'true')}
          allowDeselect={false}
          data-testid="filter-value"
        />
      );
    }
    if (field.type === 'boolean') {
      return (
        <Select
          comboboxProps={INLINE}
          label="Value"
          data={[
            { value: 'true', label: 'Yes' },
            { value: 'false', label: 'No' },
          ]}
          value={raw || null}
          onChange={(v) => setRaw(v ?? '')}
          data-testid="filter-value"
        />
      );
    }
    if (field.values) {
      const data = field.values.map((v) => ({ value: v, label: humanize(v) }));
      return op === 'in' ? (
        <MultiSelect
          label="Values"
          data={data}
          value={many}
          onChange={setMany}
          searchable
          data-testid="filter-value"
        />
      ) : (
        <Select
          comboboxProps={INLINE}
          label="Value"
          data={data}
          value={raw || null}
          onChange={(v) => setRaw(v ?? '')}
          searchable
          data-testid="filter-value"
        />
      );
    }
    const type =
      op === 'in'
        ? 'text'
        : field.type === 'date'
          ? 'date'
          : field.type === 'datetime'
            ? 'datetime-local'
            : 'text';
    return (
      <TextInput
        label="Value"
        type={type}
        description={op === 'in' ? 'Separate values with commas' : undefined}
        value={raw}
        onChange={(e) => setRaw(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') add();
        }}
        data-testid="filter-value"
      />
    );
  };

  return (
    <Stack gap="xs" data-testid="filter-editor">
      <Select
        comboboxProps={INLINE}
        label="Field"
        placeholder="Pick an attribute"
        data={groups}
        value={fieldKey}
        onChange={pickField}
        searchable
        data-testid="filter-field"
      />
      {field && (
        <Select
          comboboxProps={INLINE}
          label="Condition"
          data={ops.map((o) => ({ value: o, label: OP_LABELS[o] }))}
          value={op}
          onChange={(v) => {
            if (!v) return;
            setOp(v as FilterOp);
            setRaw('');
            setMany([]);
          }}
          allowDeselect={false}
          data-testid="filter-op"
        />
      )}
      {valueInput()}
      <Group justify="flex-end">
        <Button size="xs" onClick={add} disabled={!field || value === null} data-testid="filter-add">
          Add filter
        </Button>
      </Group>
    </Stack>
  );
}
