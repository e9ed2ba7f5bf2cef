import { Group, MultiSelect, Stack, TagsInput, Text } from '@mantine/core';
import { LIFECYCLE_STATES, STATE_LABELS, type LifecycleState } from '../../../api/lifecycle.js';
import { FilterPills, MoreFilters, useCustomFields } from '../../assets/index.js';
import type { CampaignScope } from './campaignScope.js';

const STATE_OPTIONS = LIFECYCLE_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }));

/** Which assigned assets to ask about, with the same filters as the Assets page. */
export function CampaignScopeFields({
  scope,
  onChange,
}: {
  scope: CampaignScope;
  onChange: (scope: CampaignScope) => void;
}) {
  const custom = useCustomFields();
  return (
    <Stack gap="xs" data-testid="campaign-scope">
      <div>
        <Text size="sm" fw={500}>
          Which assets
        </Text>
        <Text size="xs" c="dimmed">
          Only assets assigned to a person are asked about. Leave everything empty to ask about all of them.
        </Text>
      </div>
      <Group align="flex-end" gap="sm">
        <MultiSelect
          label="Lifecycle"
          placeholder={scope.lifecycleStates.length === 0 ? 'Any state' : undefined}
          data={STATE_OPTIONS}
          value={scope.lifecycleStates}
          onChange={(v) => onChange({ ...scope, lifecycleStates: v as LifecycleState[] })}
          clearable
          w={220}
          data-testid="campaign-filter-state"
        />
        <TagsInput
          label="Tags (any of)"
          placeholder={scope.tags.length === 0 ? 'Any tags' : undefined}
          value={scope.tags}
          onChange={(tags) => onChange({ ...scope, tags })}
          clearable
          w={220}
          data-testid="campaign-filter-tags"
        />
        <MoreFilters
          filters={scope.filters}
          customFields={custom.fields}
          onChange={(filters) => onChange({ ...scope, filters })}
        />
      </Group>
      <FilterPills
        filters={scope.filters}
        customFields={custom.fields}
        onChange={(filters) => onChange({ ...scope, filters })}
      />
    </Stack>
  );
}
