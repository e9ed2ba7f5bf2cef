import { useMemo, useState } from 'react';
import { Badge, Button, Divider, Popover, Stack, Text } from '@mantine/core';
import type { AssetFilter, CustomField } from '../../../api/records.js';
import { FilterEditor } from './FilterEditor.js';
import { filterFields } from './filterOps.js';

/** "More filters": any attribute (canonical or custom) with an operator and a value. */
export function MoreFilters({
  filters,
  customFields,
  onChange,
}: {
  filters: AssetFilter[];
  customFields: readonly CustomField[];
  onChange: (filters: AssetFilter[]) => void;
}) {
  const fields = useMemo(() => filterFields(customFields), [customFields]);
  const [opened, setOpened] = useState(false);
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      width={340}
      position="bottom-start"
      shadow="md"
      trapFocus
      withinPortal
    >
      <Popover.Target>
        <Button
          onClick={() => setOpened((o) => !o)}
          variant="default"
          rightSection={
            filters.length > 0 ? (
              <Badge size="xs" circle>
                {filters.length}
              </Badge>
            ) : undefined
          }
          data-testid="more-filters"
        >
          More filters
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            Add a filter
          </Text>
          <Text size="xs" c="dimmed">
            Filters combine with AND. Text matches exactly (use “starts with” for a prefix).
          </Text>
          <Divider />
          <FilterEditor
            fields={fields}
            onAdd={(f) => {
              onChange([...filters, f]);
              setOpened(false);
            }}
          />
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
