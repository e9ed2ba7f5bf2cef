import { useState } from 'react';
import { Autocomplete, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useNavigate } from 'react-router-dom';
import { isApiError } from '../../api/client.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { FormErrorAlert, errorsByField, useInstances } from '../connectors/index.js';
import { blankDefinition } from './definitionEdit.js';
import { workflowPath } from './paths.js';
import { useCreateFromTemplate, useCreateWorkflow, useTemplates } from './workflows.api.js';

/** Picks a shipped playbook, fills its parameters (which Jamf, which Slack…) and creates a workflow. */
export function NewFromTemplateModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const templates = useTemplates(opened);
  const instances = useInstances();
  const create = useCreateFromTemplate();
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const template = templates.data?.find((t) => t.id === templateId);
  const shown = new Set(['name', ...(template?.parameters ?? []).map((p) => `parameters.${p.name}`)]);
  const placed = errorsByField(isApiError(create.error) ? create.error.details : [], shown);

  const choose = (id: string | null) => {
    setTemplateId(id);
    const t = templates.data?.find((x) => x.id === id);
    setValues(Object.fromEntries((t?.parameters ?? []).map((p) => [p.name, p.default ?? ''])));
    create.reset();
  };
  const submit = () => {
    if (!template) return;
    const parameters = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
    create.mutate(
      { templateId: template.id, name: name.trim() || undefined, parameters },
      { onSuccess: (w) => void navigate(workflowPath(w.id)) },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title="New workflow from a template" size="lg">
      <Stack data-testid="template-modal">
        <ErrorAlert error={templates.error} />
        <Select
          label="Template"
          placeholder={templates.isPending ? 'Loading…' : 'Choose a playbook'}
          data={(templates.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
          value={templateId}
          onChange={choose}
          comboboxProps={{ withinPortal: true }}
          data-testid="template-select"
        />
        {template && (
          <>
            <Text size="sm" c="dimmed" data-testid="template-description">
              {template.description}
            </Text>
            <TextInput
              label="Name"
              placeholder={template.name}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={placed.byField.name}
              data-testid="template-name"
            />
            {template.parameters.map((p) => (
              <Autocomplete
                key={p.name}
                label={p.label}
                description={p.connectorId ? 'The name or id of the connector instance' : undefined}
                required={p.default === null}
                data={(instances.data ?? [])
                  .filter((i) => i.connectorId === p.connectorId)
                  .map((i) => i.name)}
                value={values[p.name] ?? ''}
                onChange={(v) => setValues((old) => ({ ...old, [p.name]: v }))}
                error={placed.byField[`parameters.${p.name}`]}
                comboboxProps={{ withinPortal: true }}
                data-testid={`template-param-${p.name}`}
              />
            ))}
          </>
        )}
        <FormErrorAlert error={create.error} rest={placed.rest} testId="template-error" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            onClick={submit}
            disabled={!template}
            loading={create.isPending}
            data-testid="template-create"
          >
            Create
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** A workflow with a manual trigger and one step, to build up in the editor. */
export function NewBlankModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const create = useCreateWorkflow();
  const [name, setName] = useState('');
  const placed = errorsByField(isApiError(create.error) ? create.error.details : [], new Set(['name']));
  return (
    <Modal opened={opened} onClose={onClose} title="New blank workflow">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(blankDefinition(name.trim()), {
            onSuccess: (w) => void navigate(workflowPath(w.id)),
          });
        }}
      >
        <Stack data-testid="blank-modal">
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={placed.byField.name}
            data-testid="blank-name"
          />
          <Text size="xs" c="dimmed">
            It starts with a manual trigger and one step; it is saved disabled.
          </Text>
          <FormErrorAlert error={create.error} rest={placed.rest} testId="blank-error" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="blank-create">
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
