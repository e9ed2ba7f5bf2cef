import { useMemo } from 'react';
import { Group, Pill } from '@mantine/core';
import type { AssetFilter, CustomField } from '../../../api/records.js';
import { describeFilter, filterFields } from './filterOps.js';

/** The active "more filters", each removable. */
export function FilterPills({
  filters,
  customFields,
  onChange,
}: {
  filters: AssetFilter[];
  customFields: readonly CustomField[];
  onChange: (filters: AssetFilter[]) => void;
}) {
  const fields = useMemo(() => filterFields(customFields), [customFields]);
  if (filters.length === 0) return null;
  return (
    <Group gap="xs" data-testid="filter-pills">
      {filters.map((f, i) => (
        <Pill
          key={`${f.field}-${f.op}-${i}`}
          withRemoveButton
          onRemove={() => onChange(filters.filter((_, j) => j !== i))}
          data-testid="filter-pill"
        >
          {describeFilter(f, fields)}
        </Pill>
      ))}
    </Group>
  );
}
