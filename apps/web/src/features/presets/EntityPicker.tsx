import { useState } from 'react';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { TargetKind } from './presets.types.js';

export interface EntityChoice {
  id: string;
  label: string;
}

type Row = Record<string, unknown> & { id: string };

const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** "MacBook Pro · C02XYZ" for an asset, "Ada Lovelace <ada@…>" for a person. */
function labelOf(kind: TargetKind, row: Row): string {
  if (kind === 'person') return text(row.email) ? `${text(row.name)} <${text(row.email)}>` : text(row.name);
  const name = text(row.name) || text(row.assetTag) || text(row.serialNumber) || row.id;
  const serial = text(row.serialNumber);
  return serial && serial !== name ? `${name} · ${serial}` : name;
}

function useEntitySearch(kind: TargetKind, q: string) {
  return useQuery({
    queryKey: ['action-presets', 'entity-search', kind, q],
    queryFn: () =>
      api
        .get<{ items: Row[] }>(kind === 'asset' ? '/api/v1/assets' : '/api/v1/people', {
          q: q || undefined,
          limit: 20,
        })
        .then((r) => r.items.map((row) => ({ id: row.id, label: labelOf(kind, row) }))),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** Finds the asset (by name, serial, tag) or person (by name, email) a preset acts on. */
export function EntityPicker({
  kind,
  value,
  onChange,
  error,
  description = `The ${kind} it acts on: the instance must report it`,
}: {
  kind: TargetKind;
  value: EntityChoice | null;
  onChange: (v: EntityChoice | null) => void;
  error?: string;
  description?: string;
}) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  // While one is chosen, the box shows its label; do not search for that.
  const q = value && search === value.label ? '' : debounced;
  const found = useEntitySearch(kind, q);
  const choices = new Map<string, EntityChoice>();
  if (value) choices.set(value.id, value);
  for (const c of found.data ?? []) choices.set(c.id, c);
  return (
    <Select
      label={kind === 'asset' ? 'Asset' : 'Person'}
      description={description}
      placeholder={kind === 'asset' ? 'Type a name or serial number' : 'Type a name or email'}
      required
      searchable
      clearable
      filter={({ options }) => options}
      data={[...choices.values()].map((c) => ({ value: c.id, label: c.label }))}
      value={value?.id ?? null}
      onChange={(id) => onChange(id ? (choices.get(id) ?? null) : null)}
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={found.isFetching ? 'Searching…' : `No ${kind} found`}
      error={error}
      errorProps={{ 'data-testid': 'run-entity-error' }}
      comboboxProps={{ withinPortal: true }}
      data-testid="run-entity"
    />
  );
}
