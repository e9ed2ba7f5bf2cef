import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  List,
  MultiSelect,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { removeStep, replaceStep, setField, STEP_LABELS } from './definitionEdit.js';
import { handlesOf } from './graph.js';
import { JsonField, toJson } from './JsonField.js';
import { fieldError, type StepError } from './stepErrors.js';
import { StepFieldInput } from './StepFieldInput.js';
import { STEP_FIELDS } from './stepFields.js';
import { STEP_TYPES, type StepDraft, type WorkflowDefinition } from './workflows.types.js';

const STEP_ID = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/;
type Update = (edit: (d: WorkflowDefinition) => WorkflowDefinition) => void;

function isStep(v: unknown): v is StepDraft {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    typeof (v as { id?: unknown }).id === 'string' &&
    (STEP_TYPES as readonly unknown[]).includes((v as { type?: unknown }).type)
  );
}

function StepIdInput({
  definition,
  step,
  editable,
  error,
  onRenamed,
  update,
}: {
  definition: WorkflowDefinition;
  error: string | undefined;
  step: StepDraft;
  editable: boolean;
  onRenamed: (id: string) => void;
  update: Update;
}) {
  const [text, setText] = useState(step.id);
  const [problem, setProblem] = useState<string | null>(null);
  const commit = () => {
    const id = text.trim();
    if (id === step.id) return setProblem(null);
    if (!STEP_ID.test(id)) return setProblem('letters, digits, - and _, starting with a letter');
    if (definition.steps.some((s) => s.id === id)) return setProblem(`"${id}" is already a step`);
    setProblem(null);
    update((d) => replaceStep(d, step.id, { ...step, id }));
    onRenamed(id);
  };
  return (
    <TextInput
      label="Id"
      description="Other steps name it by this; renaming follows every reference"
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
      error={problem ?? error}
      disabled={!editable}
      data-testid="step-field-id"
    />
  );
}

/** The selected step: its fields as inputs, where it goes next, its JSON, and the server's reasons. */
export function StepPanel({
  definition,
  step,
  errors,
  editable,
  update,
  onSelect,
}: {
  definition: WorkflowDefinition;
  step: StepDraft;
  errors: StepError[];
  editable: boolean;
  update: Update;
  onSelect: (id: string | null) => void;
}) {
  const others = definition.steps
    .filter((s) => s.id !== step.id)
    .map((s) => ({ value: s.id, label: s.name ? `${s.id} — ${s.name}` : s.id }));
  const set = (field: string, value: unknown) => update((d) => setField(d, step.id, field, value));
  return (
    <Stack gap="sm" data-testid="step-panel" data-step-id={step.id}>
      <Group justify="space-between" wrap="nowrap">
        <Title order={5}>{STEP_LABELS[step.type]}</Title>
        {definition.start === step.id ? (
          <Badge variant="light" color="teal">
            start
          </Badge>
        ) : (
          editable && (
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={() => update((d) => ({ ...d, start: step.id }))}
            >
              Start here
            </Button>
          )
        )}
      </Group>
      {errors.length > 0 && (
        <Alert color="red" variant="light" p="xs" data-testid="step-panel-errors">
          <List size="xs">
            {errors.map((e) => (
              <List.Item key={`${e.field}:${e.reason}`} data-testid="step-panel-error" data-field={e.field}>
                {e.field && <Code>{e.field}</Code>} {e.reason}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <StepIdInput
        key={step.id}
        definition={definition}
        step={step}
        editable={editable}
        error={fieldError(errors, 'id')}
        update={update}
        onRenamed={onSelect}
      />
      <TextInput
        label="Name"
        value={step.name ?? ''}
        onChange={(e) => set('name', e.currentTarget.value || undefined)}
        error={fieldError(errors, 'name')}
        disabled={!editable}
        data-testid="step-field-name"
      />
      {STEP_FIELDS[step.type].map((spec) => (
        <StepFieldInput
          key={spec.key}
          spec={spec}
          value={step[spec.key]}
          error={fieldError(errors, spec.key)}
          disabled={!editable}
          onChange={(v) => set(spec.key, v)}
        />
      ))}
      {handlesOf(step.type).map((h) =>
        h === 'branches' ? (
          <MultiSelect
            key={h}
            label="Branches"
            description="Each runs to its own end, at the same time; then next"
            data={others}
            value={Array.isArray(step.branches) ? (step.branches as string[]) : []}
            onChange={(v) => set('branches', v)}
            error={fieldError(errors, 'branches')}
            disabled={!editable}
            comboboxProps={{ withinPortal: true }}
            data-testid="step-field-branches"
          />
        ) : (
          <Select
            key={h}
            label={h === 'next' ? 'Then go to' : `${h[0]!.toUpperCase()}${h.slice(1)} → `}
            placeholder="the end"
            data={others}
            value={typeof step[h] === 'string' && step[h] !== '' ? (step[h] as string) : null}
            onChange={(v) => set(h, v ?? (h === 'body' ? '' : null))}
            clearable
            error={fieldError(errors, h)}
            disabled={!editable}
            comboboxProps={{ withinPortal: true }}
            data-testid={`step-field-${h}`}
          />
        ),
      )}
      <JsonField
        key={toJson(step)}
        label="Step as JSON"
        description="Every field, including inputs, approval levels and retry"
        value={step}
        disabled={!editable}
        testId="step-json"
        onApply={(parsed) => {
          if (!isStep(parsed)) return `A step is an object with an id and a type (${STEP_TYPES.join(', ')})`;
          if (parsed.id !== step.id && definition.steps.some((s) => s.id === parsed.id))
            return `"${parsed.id}" is already a step`;
          update((d) => replaceStep(d, step.id, parsed));
          onSelect(parsed.id);
          return null;
        }}
      />
      {editable && (
        <Group justify="flex-end">
          <Button
            variant="outline"
            color="red"
            size="xs"
            onClick={() => {
              update((d) => removeStep(d, step.id));
              onSelect(null);
            }}
            data-testid="step-remove"
          >
            Remove step
          </Button>
        </Group>
      )}
      <Text size="xs" c="dimmed">
        Changes are kept here until the workflow is saved as a new version.
      </Text>
    </Stack>
  );
}
