import { useState } from 'react';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { Person } from '../../api/records.js';
import { usePersonSearch } from './people.api.js';

export interface PersonPickerProps {
  value: Person | null;
  onChange: (person: Person | null) => void;
  label?: string;
  description?: string;
  required?: boolean;
  testId?: string;
}

function optionLabel(p: Person): string {
  return p.email ? `${p.name} <${p.email}>` : p.name;
}

/** Finds a person by the start of their name or email, asking the server as you type. */
export function PersonPicker({
  value,
  onChange,
  label = 'Person',
  description,
  required,
  testId,
}: PersonPickerProps) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  // While a person is chosen, the box shows their label; do not search for that.
  const q = value && search === optionLabel(value) ? '' : debounced;
  const found = usePersonSearch(q);
  const people = new Map<string, Person>();
  if (value) people.set(value.id, value);
  for (const p of found.data ?? []) people.set(p.id, p);

  return (
    <Select
      label={label}
      description={description}
      required={required}
      placeholder="Type a name or email"
      searchable
      clearable
      filter={({ options }) => options}
      data={[...people.values()].map((p) => ({ value: p.id, label: optionLabel(p) }))}
      value={value?.id ?? null}
      onChange={(id) => onChange(id ? (people.get(id) ?? null) : null)}
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={found.isFetching ? 'Searching…' : 'Nobody found'}
      data-testid={testId ?? 'person-picker'}
    />
  );
}
