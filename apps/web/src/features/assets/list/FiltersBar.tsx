import { Button, Group, MultiSelect } from '@mantine/core';
import { ACCESSORY_TYPES, DEVICE_TYPES } from '../../../api/attributes.js';
import { humanize, LIFECYCLE_STATES, STATE_LABELS, type LifecycleState } from '../../../api/lifecycle.js';
import type { CustomField } from '../../../api/records.js';
import { MoreFilters } from './MoreFilters.js';
import { OsFilter } from './OsFilter.js';
import { SearchBox } from './SearchBox.js';
import { hasFilters, type ListState } from './listState.js';

const STATE_OPTIONS = LIFECYCLE_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }));
const TYPE_OPTIONS = [
  { group: 'Devices', items: DEVICE_TYPES.map((t) => ({ value: t, label: humanize(t) })) },
  { group: 'Accessories', items: ACCESSORY_TYPES.map((t) => ({ value: t, label: humanize(t) })) },
];

export interface FiltersBarProps {
  state: ListState;
  customFields: readonly CustomField[];
  onChange: (change: Partial<ListState>) => void;
  onClear: () => void;
}

export function FiltersBar({ state, customFields, onChange, onClear }: FiltersBarProps) {
  return (
    <Group align="flex-end" gap="sm" data-testid="assets-filters">
      <SearchBox value={state.search} onChange={(search) => onChange({ search })} />
      <MultiSelect
        label="Lifecycle"
        placeholder={state.lifecycleStates.length === 0 ? 'Any state' : undefined}
        data={STATE_OPTIONS}
        value={state.lifecycleStates}
        onChange={(v) => onChange({ lifecycleStates: v as LifecycleState[] })}
        clearable
        w={220}
        data-testid="filter-state"
      />
      <MultiSelect
        label="Type"
        placeholder={state.deviceTypes.length === 0 ? 'Any type' : undefined}
        data={TYPE_OPTIONS}
        value={state.deviceTypes}
        onChange={(deviceTypes) => onChange({ deviceTypes })}
        clearable
        searchable
        w={200}
        data-testid="filter-type"
      />
      <OsFilter value={state.osName} onChange={(osName) => onChange({ osName })} />
      <MoreFilters
        filters={state.filters}
        customFields={customFields}
        onChange={(filters) => onChange({ filters })}
      />
      {hasFilters(state) && (
        <Button variant="subtle" onClick={onClear} data-testid="filters-clear">
          Clear filters
        </Button>
      )}
    </Group>
  );
}
