import { lazy, Suspense, useState } from 'react';
import { Alert, Badge, Button, Center, Code, Grid, Group, List, Loader, Paper, Text } from '@mantine/core';
import { isApiError } from '../../api/client.js';
import { addStep, connect, disconnect, newStepId, presetStep, removeStep, stepOf } from './definitionEdit.js';
import { placeStepErrors } from './stepErrors.js';
import { StepPalette } from './StepPalette.js';
import { StepPanel } from './StepPanel.js';
import { useSaveVersion } from './workflows.api.js';
import type { PresetSummary, StepType, Workflow, WorkflowDefinition } from './workflows.types.js';
import { settingsErrors, WorkflowSettingsPanel } from './WorkflowSettingsPanel.js';

// React Flow (and d3 under it) is loaded with the first workflow opened, not with every page.
const WorkflowCanvas = lazy(() => import('./WorkflowCanvas.js').then((m) => ({ default: m.WorkflowCanvas })));

type Edit = (d: WorkflowDefinition) => WorkflowDefinition;

/**
 * The draft of a workflow's next version, kept by the page so it survives switching tabs; a newly
 * saved version starts it over.
 */
export function useDraft(workflow: Workflow | undefined) {
  const [held, setHeld] = useState<{ key: string; definition: WorkflowDefinition } | null>(null);
  const key = workflow ? `${workflow.id}:${workflow.version}` : '';
  const draft = held?.key === key ? held.definition : workflow?.definition;
  const setDraft = (edit: Edit | WorkflowDefinition) =>
    setHeld((old) => {
      const current = old?.key === key ? old.definition : workflow!.definition;
      return { key, definition: typeof edit === 'function' ? edit(current) : edit };
    });
  return { draft, setDraft };
}

/**
 * The visual editor of a workflow's next version: the palette, the graph and the panel of the
 * selected step (or of the workflow). Saving makes a new version; the server's reasons are placed on
 * the steps they name.
 */
export function WorkflowEditor({
  workflow,
  draft,
  setDraft,
  editable,
}: {
  workflow: Workflow;
  draft: WorkflowDefinition;
  setDraft: (edit: Edit | WorkflowDefinition) => void;
  editable: boolean;
}) {
  const [selected, setSelected] = useState<string | null>(null);
  const [sent, setSent] = useState<WorkflowDefinition | null>(null);
  const save = useSaveVersion(workflow.id);
  const dirty = JSON.stringify(draft) !== JSON.stringify(workflow.definition);
  const placed = placeStepErrors(isApiError(save.error) ? save.error.details : [], sent);
  const fieldErrors = settingsErrors(placed.other);
  const unplaced = placed.other.filter((d) => !d.path.startsWith('body.') || d.path.startsWith('body.steps'));
  const step = draft.steps.find((s) => s.id === selected);
  const update = (edit: Edit) => setDraft(edit);

  const add = (type: StepType) => {
    const id = newStepId(draft, type);
    setDraft((d) => addStep(d, stepOf(type, id), selected));
    setSelected(id);
  };
  const addPreset = (preset: PresetSummary, instance: string) => {
    const id = newStepId(draft, preset.id.split('.').pop() ?? 'preset');
    setDraft((d) => addStep(d, presetStep(preset, id, instance), selected));
    setSelected(id);
  };
  const submit = () => {
    setSent(draft);
    save.mutate({ definition: draft });
  };

  return (
    <Grid gap="sm" data-testid="workflow-editor" data-dirty={dirty || undefined}>
      <Grid.Col span={12}>
        <Group justify="space-between">
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              Version {workflow.version}
            </Text>
            {dirty && (
              <Badge color="yellow" variant="light" data-testid="workflow-unsaved">
                unsaved changes
              </Badge>
            )}
          </Group>
          {editable && (
            <Group gap="xs">
              <Button
                variant="default"
                disabled={!dirty}
                onClick={() => {
                  setDraft(workflow.definition);
                  save.reset();
                }}
                data-testid="workflow-discard"
              >
                Discard changes
              </Button>
              <Button onClick={submit} disabled={!dirty} loading={save.isPending} data-testid="workflow-save">
                Save as version {workflow.version + 1}
              </Button>
            </Group>
          )}
        </Group>
        {save.error ? (
          <Alert color="red" variant="light" mt="xs" role="alert" data-testid="workflow-save-error">
            <Text size="sm">{save.error instanceof Error ? save.error.message : String(save.error)}</Text>
            {placed.byStep.size > 0 && (
              <Text size="sm" data-testid="workflow-save-error-steps">
                Steps with problems (marked red): {[...placed.byStep.keys()].join(', ')}
              </Text>
            )}
            {unplaced.length > 0 && (
              <List size="sm">
                {unplaced.map((d) => (
                  <List.Item key={`${d.path}:${d.reason}`}>
                    <Code>{d.path}</Code> {d.reason}
                  </List.Item>
                ))}
              </List>
            )}
          </Alert>
        ) : null}
      </Grid.Col>
      {editable && (
        <Grid.Col span={{ base: 12, lg: 2 }}>
          <StepPalette onAdd={add} onAddPreset={addPreset} />
        </Grid.Col>
      )}
      <Grid.Col span={{ base: 12, lg: editable ? 6 : 8 }}>
        <Paper withBorder>
          <Suspense
            fallback={
              <Center h={600}>
                <Loader aria-label="Loading the editor" />
              </Center>
            }
          >
            <WorkflowCanvas
              definition={draft}
              errors={placed.byStep}
              selected={step ? step.id : null}
              editable={editable}
              onSelect={setSelected}
              onConnect={(source, handle, target) => setDraft((d) => connect(d, source, handle, target) ?? d)}
              onDisconnect={(source, field) => setDraft((d) => disconnect(d, source, field))}
              onRemoveStep={(id) => {
                setDraft((d) => removeStep(d, id));
                setSelected(null);
              }}
            />
          </Suspense>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <Paper withBorder p="sm">
          {step ? (
            <StepPanel
              key={step.id}
              definition={draft}
              step={step}
              errors={placed.byStep.get(step.id) ?? []}
              editable={editable}
              update={update}
              onSelect={setSelected}
            />
          ) : (
            <WorkflowSettingsPanel
              definition={draft}
              errors={fieldErrors}
              editable={editable}
              update={update}
            />
          )}
        </Paper>
      </Grid.Col>
    </Grid>
  );
}
