import { NumberInput, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import type { ErrorDetail } from '../../api/types.js';
import { JsonField, toJson } from './JsonField.js';
import { topField } from './stepErrors.js';
import type { TriggerDraft, WorkflowDefinition } from './workflows.types.js';

type Update = (edit: (d: WorkflowDefinition) => WorkflowDefinition) => void;

const TRIGGER_HELP =
  'entity_created / entity_changed {kind, filter over before, after and diff}, date_approaching ' +
  '{kind, attribute, daysBefore}, schedule {cron, timeZone}, webhook, manual {inputs}';

/** Reasons about the workflow's own fields (`body.trigger.filter` → trigger), joined per field. */
export function settingsErrors(other: readonly ErrorDetail[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of other) {
    if (!d.path.startsWith('body.') || d.path.startsWith('body.steps')) continue;
    const rest = d.path.slice('body.'.length);
    const key = topField(rest);
    const reason = rest === key ? d.reason : `${rest}: ${d.reason}`;
    out[key] = out[key] ? `${out[key]}; ${reason}` : reason;
  }
  return out;
}

/** With no step selected: the workflow's name, where it starts, how many runs at once, and its trigger. */
export function WorkflowSettingsPanel({
  definition,
  errors,
  editable,
  update,
}: {
  definition: WorkflowDefinition;
  errors: Record<string, string>;
  editable: boolean;
  update: Update;
}) {
  return (
    <Stack gap="sm" data-testid="workflow-settings">
      <Title order={5}>Workflow</Title>
      <Text size="xs" c="dimmed">
        Select a step to edit it; drag from a step’s lower handle to another step to connect them.
      </Text>
      <TextInput
        label="Name"
        required
        value={definition.name}
        onChange={(e) => {
          const name = e.currentTarget.value;
          update((d) => ({ ...d, name }));
        }}
        error={errors.name}
        disabled={!editable}
        data-testid="workflow-field-name"
      />
      <Textarea
        label="Description"
        value={definition.description ?? ''}
        onChange={(e) => {
          const description = e.currentTarget.value;
          update((d) => ({ ...d, description }));
        }}
        error={errors.description}
        autosize
        minRows={2}
        disabled={!editable}
      />
      <Select
        label="Starts at"
        data={definition.steps.map((s) => s.id)}
        value={definition.start || null}
        onChange={(v) => v && update((d) => ({ ...d, start: v }))}
        allowDeselect={false}
        error={errors.start}
        disabled={!editable}
        comboboxProps={{ withinPortal: true }}
      />
      <NumberInput
        label="Runs at once"
        description="More wait in the queue"
        value={definition.concurrency ?? 10}
        min={1}
        max={1000}
        allowDecimal={false}
        onChange={(v) => typeof v === 'number' && update((d) => ({ ...d, concurrency: v }))}
        error={errors.concurrency}
        disabled={!editable}
      />
      <JsonField
        key={toJson(definition.trigger)}
        label="Trigger (JSON)"
        description={TRIGGER_HELP}
        value={definition.trigger}
        error={errors.trigger}
        disabled={!editable}
        testId="trigger-json"
        onApply={(parsed) => {
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !('type' in parsed))
            return 'A trigger is an object with a type';
          update((d) => ({ ...d, trigger: parsed as TriggerDraft }));
          return null;
        }}
      />
    </Stack>
  );
}
