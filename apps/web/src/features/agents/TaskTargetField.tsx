import { Radio, Select, Stack } from '@mantine/core';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { useSavedViews } from './agents.api.js';

export type TargetChoice = { kind: 'all' } | { kind: 'view'; viewId: string | null };

/** Which devices a task goes to: every device with an agent, or those in a saved view of assets. */
export function TaskTargetField({
  value,
  onChange,
}: {
  value: TargetChoice;
  onChange: (t: TargetChoice) => void;
}) {
  const views = useSavedViews(value.kind === 'view');
  return (
    <Stack gap="xs">
      <Radio.Group
        label="Devices"
        value={value.kind}
        onChange={(v) => onChange(v === 'view' ? { kind: 'view', viewId: null } : { kind: 'all' })}
      >
        <Stack gap={6} mt={4}>
          <Radio value="all" label="All devices with an agent" data-testid="task-target-all" />
          <Radio value="view" label="The devices in a saved view" data-testid="task-target-view" />
        </Stack>
      </Radio.Group>
      {value.kind === 'view' && (
        <>
          <ErrorAlert error={views.error} />
          <Select
            aria-label="Saved view"
            placeholder={views.isPending ? 'Loading views…' : 'Pick a saved view'}
            data={(views.data ?? []).map((v) => ({ value: v.id, label: v.name }))}
            value={value.viewId}
            onChange={(viewId) => onChange({ kind: 'view', viewId })}
            nothingFoundMessage="No saved views; save one on the Assets page"
            searchable
            data-testid="task-view"
          />
        </>
      )}
    </Stack>
  );
}
