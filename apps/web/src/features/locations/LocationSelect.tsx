import { Select } from '@mantine/core';
import { useLocations } from './locations.api.js';

export interface LocationSelectProps {
  value: string | null;
  onChange: (id: string | null) => void;
  label?: string;
  description?: string;
  testId?: string;
}

/** Picks one of the tenant's locations. */
export function LocationSelect({
  value,
  onChange,
  label = 'Location',
  description,
  testId,
}: LocationSelectProps) {
  const locations = useLocations();
  return (
    <Select
      label={label}
      description={description}
      placeholder={locations.data?.length === 0 ? 'No locations defined' : 'None'}
      data={(locations.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
      value={value}
      onChange={onChange}
      clearable
      searchable
      disabled={locations.data?.length === 0}
      data-testid={testId ?? 'location-select'}
    />
  );
}
