import { Group, Select, TextInput } from '@mantine/core';
import { ACTOR_TYPES, type ActorType } from '../../../api/types.js';
import type { AuditFilters } from './audit.api.js';

const ACTOR_OPTIONS = [
  { value: '', label: 'Any actor' },
  ...ACTOR_TYPES.map((t) => ({ value: t, label: t })),
];

function isActorType(v: string): v is ActorType {
  return (ACTOR_TYPES as readonly string[]).includes(v);
}

export function AuditFilterBar({
  value,
  onChange,
}: {
  value: AuditFilters;
  onChange: (f: AuditFilters) => void;
}) {
  return (
    <Group align="flex-end" data-testid="audit-filters">
      <TextInput
        label="Action"
        placeholder="e.g. token.created"
        description="Exact action name"
        value={value.action}
        onChange={(e) => onChange({ ...value, action: e.currentTarget.value })}
        data-testid="audit-filter-action"
      />
      <Select
        label="Actor type"
        description="Who or what did it"
        data={ACTOR_OPTIONS}
        value={value.actorType}
        onChange={(v) => onChange({ ...value, actorType: v && isActorType(v) ? v : '' })}
        allowDeselect={false}
        data-testid="audit-filter-actor-type"
      />
    </Group>
  );
}
