import { useState } from 'react';
import { Button, Checkbox, Group, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useNavigate } from 'react-router-dom';
import { roleAtLeast } from '../../api/types.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { useSession } from '../auth/index.js';
import { EntityPicker, type EntityChoice } from '../presets/index.js';
import { runPath } from './paths.js';
import { DryRunView } from './DryRunView.js';
import { useDryRun, useStartRun } from './workflows.api.js';
import type { DryRun, Workflow } from './workflows.types.js';

type Kind = 'asset' | 'person' | 'none';

/** A manual trigger's input form as a starting object: each input named, empty. */
function initialInput(workflow: Workflow): string {
  const inputs = workflow.definition.trigger.inputs;
  const names = Array.isArray(inputs)
    ? inputs.map((i) => (i as { name?: unknown }).name).filter((n): n is string => typeof n === 'string')
    : [];
  return JSON.stringify(Object.fromEntries(names.map((n) => [n, ''])), null, 2);
}

/**
 * Starts a run of the current version about a chosen asset or person, with input, then opens it; or
 * dry-runs it, showing what each step would do without doing anything.
 */
export function TestRunPanel({ workflow }: { workflow: Workflow }) {
  const session = useSession();
  const navigate = useNavigate();
  const start = useStartRun(workflow.id);
  const dry = useDryRun(workflow.id);
  const [preview, setPreview] = useState<DryRun | null>(null);
  const triggerKind = workflow.definition.trigger.kind;
  const [kind, setKind] = useState<Kind>(triggerKind ?? 'none');
  const [entity, setEntity] = useState<EntityChoice | null>(null);
  const [input, setInput] = useState(() => initialInput(workflow));
  const [inputError, setInputError] = useState<string | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const [entityError, setEntityError] = useState<string | undefined>();
  const canRun = roleAtLeast(session.role, 'operator');

  const go = () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(input || '{}');
    } catch (e) {
      setInputError(`Not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setInputError('The input is a JSON object');
      return;
    }
    setInputError(null);
    if (kind !== 'none' && !entity) {
      setEntityError(`choose the ${kind}`);
      return;
    }
    setEntityError(undefined);
    const body = {
      ...(kind !== 'none' && entity ? { entityId: entity.id } : {}),
      input: parsed as Record<string, unknown>,
    };
    setPreview(null);
    if (dryRun) dry.mutate(body, { onSuccess: setPreview });
    else start.mutate(body, { onSuccess: (run) => void navigate(runPath(run.id)) });
  };

  return (
    <Stack gap="sm" data-testid="test-run">
      {!triggerKind && (
        <SegmentedControl
          value={kind}
          onChange={(v) => {
            setKind(v as Kind);
            setEntity(null);
          }}
          data={[
            { value: 'none', label: 'About nothing' },
            { value: 'asset', label: 'An asset' },
            { value: 'person', label: 'A person' },
          ]}
          data-testid="test-run-kind"
        />
      )}
      {kind !== 'none' && (
        <EntityPicker
          key={kind}
          kind={kind}
          value={entity}
          onChange={setEntity}
          error={entityError}
          description={`The ${kind} the run is about: its expressions read it as subject`}
        />
      )}
      <Textarea
        label="Input (JSON)"
        description="What the run's expressions read as input"
        value={input}
        onChange={(e) => setInput(e.currentTarget.value)}
        error={inputError}
        autosize
        minRows={2}
        spellCheck={false}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
        data-testid="test-run-input"
      />
      <Checkbox
        label="Dry run: show what each step would do, without doing it"
        checked={dryRun}
        onChange={(e) => setDryRun(e.currentTarget.checked)}
        data-testid="test-run-dry"
      />
      <ErrorAlert
        error={dryRun ? dry.error : start.error}
        title={dryRun ? 'The dry run failed' : 'The run was not started'}
        testId="test-run-error"
      />
      <Group justify="flex-end">
        {!canRun && (
          <Text size="xs" c="dimmed">
            Running a workflow needs the operator role.
          </Text>
        )}
        <Button
          onClick={go}
          loading={start.isPending || dry.isPending}
          disabled={!canRun}
          data-testid="test-run-start"
        >
          {dryRun ? 'Dry run' : 'Start run'}
        </Button>
      </Group>
      {preview && <DryRunView result={preview} onClose={() => setPreview(null)} />}
    </Stack>
  );
}
