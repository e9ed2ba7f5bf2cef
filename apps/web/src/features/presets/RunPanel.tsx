import { useMemo, useState } from 'react';
import { Anchor, Button, Group, Select, Stack, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api/client.js';
import { roleAtLeast } from '../../api/types.js';
import { ConfirmModal } from '../../ui/ConfirmModal.js';
import { useSession } from '../auth/index.js';
import {
  buildValue,
  errorsByField,
  fieldsOf,
  FormErrorAlert,
  initialValues,
  newIdempotencyKey,
  SchemaFields,
  useInstances,
} from '../connectors/index.js';
import { EntityPicker, type EntityChoice } from './EntityPicker.js';
import { useRunPreset } from './presets.api.js';
import type { Preset, RunResult } from './presets.types.js';
import { RunResultView } from './RunResultView.js';
import { patternErrors, runFieldPaths } from './runInput.js';

export interface RunPanelProps {
  preset: Preset;
  /** From an asset's or person's page: the instance and entity are given, not chosen. */
  fixed?: { instanceId: string; entity: EntityChoice };
  /** Called after every run (dry or not), e.g. to refresh an asset's or person's action history. */
  onRan?: () => Promise<unknown>;
}

/** Runs a preset: which instance, on what, with which input; a dry run shows the rendered requests. */
export function RunPanel({ preset, fixed, onRan }: RunPanelProps) {
  const session = useSession();
  const instances = useInstances();
  const run = useRunPreset(preset.id, onRan);
  const fields = useMemo(() => fieldsOf(preset.inputSchema), [preset]);
  const [values, setValues] = useState(() => initialValues(fields));
  const [picked, setPicked] = useState<string | null>(null);
  const [entity, setEntity] = useState<EntityChoice | null>(fixed?.entity ?? null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<RunResult | null>(null);
  const [confirming, setConfirming] = useState(false);
  // One key until a run is answered: a double click or a retry never acts twice.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);

  const matching = (instances.data ?? []).filter((i) => i.connectorId === preset.connectorId);
  const instanceId = fixed?.instanceId ?? picked ?? (matching.length === 1 ? matching[0]!.id : null);
  const shown = useMemo(() => runFieldPaths(fields.map((f) => f.path)), [fields]);
  const placed = errorsByField(isApiError(run.error) ? run.error.details : [], shown);
  const errorAt = (path: string) => localErrors[path] ?? placed.byField[path];
  const canOperate = roleAtLeast(session.role, 'operator');
  const canRun = canOperate && (!preset.destructive || roleAtLeast(session.role, 'admin'));

  const go = (dryRun: boolean) => {
    const built = buildValue(fields, values);
    const errors: Record<string, string> = {};
    for (const [k, v] of Object.entries({
      ...built.errors,
      ...patternErrors(preset.inputSchema, built.value),
    }))
      errors[`input.${k}`] = v;
    if (!instanceId) errors.instanceId = 'choose an instance';
    if (preset.targetKind && !entity) errors.entityId = `choose the ${preset.targetKind}`;
    setLocalErrors(errors);
    setConfirming(false);
    if (Object.keys(errors).length > 0 || !instanceId) return;
    setResult(null);
    run.mutate(
      {
        instanceId,
        input: built.value,
        ...(preset.targetKind && entity ? { entityId: entity.id } : {}),
        ...(dryRun ? { dryRun: true } : { idempotencyKey }),
        ...(preset.destructive && !dryRun ? { confirm: true } : {}),
      },
      {
        onSuccess: (r) => {
          setResult(r);
          if (!dryRun) setIdempotencyKey(newIdempotencyKey());
        },
        onError: () => {
          if (!dryRun) setIdempotencyKey(newIdempotencyKey());
        },
      },
    );
  };

  return (
    <Stack data-testid="run-panel" data-preset-id={preset.id}>
      {!fixed && (
        <Select
          label="Instance"
          description={`A ${preset.connectorTitle} instance: its base URL and stored credentials are used`}
          placeholder={instances.isPending ? 'Loading…' : 'Choose an instance'}
          data={matching.map((i) => ({ value: i.id, label: i.name }))}
          value={instanceId}
          onChange={setPicked}
          required
          error={errorAt('instanceId')}
          errorProps={{ 'data-testid': 'run-instance-error' }}
          comboboxProps={{ withinPortal: true }}
          data-testid="run-instance"
        />
      )}
      {!fixed && instances.data && matching.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="run-no-instance">
          No {preset.connectorTitle} instance is configured.{' '}
          <Anchor component={Link} to="/settings/connectors/new" size="sm">
            Add one
          </Anchor>
        </Text>
      )}
      {preset.targetKind && !fixed && (
        <EntityPicker
          kind={preset.targetKind}
          value={entity}
          onChange={setEntity}
          error={errorAt('entityId')}
        />
      )}
      {fields.length > 0 && (
        <SchemaFields
          fields={fields}
          values={values}
          errors={Object.fromEntries(fields.map((f) => [f.path, errorAt(`input.${f.path}`)]))}
          onChange={(path, v) => setValues((old) => ({ ...old, [path]: v }))}
          testIdPrefix="run-input"
          cols={1}
        />
      )}
      <FormErrorAlert error={run.error} rest={placed.rest} testId="run-refused" />
      <Group justify="flex-end">
        {!canRun && (
          <Text size="xs" c="dimmed">
            Running {preset.destructive ? 'a destructive preset needs the admin' : 'needs the operator'} role.
          </Text>
        )}
        <Button
          variant="default"
          onClick={() => go(true)}
          loading={run.isPending && run.variables?.dryRun === true}
          disabled={!canOperate || (run.isPending && run.variables?.dryRun !== true)}
          data-testid="run-dry"
        >
          Dry run
        </Button>
        <Button
          color={preset.destructive ? 'red' : undefined}
          onClick={() => (preset.destructive ? setConfirming(true) : go(false))}
          loading={run.isPending && run.variables?.dryRun !== true}
          disabled={!canRun || (run.isPending && run.variables?.dryRun === true)}
          data-testid="run-submit"
        >
          Run
        </Button>
      </Group>
      {result && <RunResultView result={result} onClose={() => setResult(null)} />}
      <ConfirmModal
        opened={confirming}
        title={`Confirm: ${preset.name}`}
        confirmLabel="Run"
        onConfirm={() => go(false)}
        onCancel={() => setConfirming(false)}
      >
        {preset.name} is destructive: it loses data or access
        {entity ? ` on ${entity.label}` : ''}. Run it?
      </ConfirmModal>
    </Stack>
  );
}
