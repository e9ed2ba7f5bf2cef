import { Group, SegmentedControl, TextInput } from '@mantine/core';
import type { AgentFilter } from './agents.types.js';

const OPTIONS: { value: AgentFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'online', label: 'Online' },
  { value: 'offline', label: 'Offline' },
  { value: 'revoked', label: 'Revoked' },
];

export function AgentFilters(props: {
  filter: AgentFilter;
  onFilter: (f: AgentFilter) => void;
  search: string;
  onSearch: (q: string) => void;
}) {
  return (
    <Group justify="space-between">
      <SegmentedControl
        data={OPTIONS}
        value={props.filter}
        onChange={(v) => props.onFilter(v as AgentFilter)}
        data-testid="agent-filter"
      />
      <TextInput
        placeholder="Search hostname"
        aria-label="Search hostname"
        value={props.search}
        onChange={(e) => props.onSearch(e.currentTarget.value)}
        w={260}
        data-testid="agent-search"
      />
    </Group>
  );
}
