import { useState, type FormEvent } from 'react';
import { Button, Group, Select, SimpleGrid, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { useNavigate } from 'react-router-dom';
import { isApiError } from '../../api/client.js';
import { useCatalog } from '../connectors/index.js';
import { DefinitionErrors } from './DefinitionErrors.js';
import { bodyOf, draftOf, placeErrors, type EditorDraft, type EditorMode } from './editorDraft.js';
import { presetPath, PRESETS_PATH } from './paths.js';
import { useCreatePreset, useUpdatePreset } from './presets.api.js';
import type { Preset, TargetKind } from './presets.types.js';

const TARGETS = [
  { value: 'asset', label: 'An asset' },
  { value: 'person', label: 'A person' },
  { value: 'none', label: 'Nothing in particular' },
];

const CONTEXT_HELP =
  'URL, query and header values are templates with {{ JSONata }} holes; body and output are JSONata ' +
  'expressions. They read input, entity (the asset or person), target.key (what the instance calls it), ' +
  'idempotencyKey, now, instance and responses.<name>. Credentials come from the instance, never from here.';

/** Writes a preset: new, a duplicate of another, or an edit of a saved one. Admin only. */
export function PresetEditor({ mode, preset }: { mode: EditorMode; preset?: Preset }) {
  const navigate = useNavigate();
  const catalog = useCatalog('');
  const create = useCreatePreset();
  const update = useUpdatePreset(preset?.id ?? '');
  const save = mode === 'edit' ? update : create;
  const [draft, setDraft] = useState<EditorDraft>(() => draftOf(preset, mode));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const placed = placeErrors(isApiError(save.error) ? save.error.details : []);
  const set = <K extends keyof EditorDraft>(key: K, value: EditorDraft[K]) =>
    setDraft((old) => ({ ...old, [key]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const built = bodyOf(draft);
    if ('jsonError' in built) {
      setJsonError(built.jsonError);
      return;
    }
    setJsonError(null);
    save.mutate(built.body, { onSuccess: (saved) => void navigate(presetPath(saved.id)) });
  };

  return (
    <form onSubmit={submit} noValidate data-testid="preset-editor" data-mode={mode}>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Name"
            required
            value={draft.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            error={placed.byField.name}
            errorProps={{ 'data-testid': 'preset-name-error' }}
            data-testid="preset-name"
          />
          <Select
            label="Connector"
            description="The preset runs on instances of this connector"
            required
            searchable
            placeholder={catalog.isPending ? 'Loading…' : 'Choose a connector'}
            data={(catalog.data ?? []).map((c) => ({ value: c.id, label: c.title }))}
            value={draft.connectorId || null}
            onChange={(v) => set('connectorId', v ?? '')}
            error={placed.byField.connectorId}
            comboboxProps={{ withinPortal: true }}
            data-testid="preset-connector"
          />
        </SimpleGrid>
        <Textarea
          label="Description"
          value={draft.description}
          onChange={(e) => set('description', e.currentTarget.value)}
          error={placed.byField.description}
          autosize
          minRows={2}
          data-testid="preset-description-input"
        />
        <Group align="flex-end" gap="xl">
          <Select
            label="Acts on"
            data={TARGETS}
            value={draft.targetKind ?? 'none'}
            onChange={(v) => set('targetKind', v === 'asset' || v === 'person' ? (v as TargetKind) : null)}
            allowDeselect={false}
            error={placed.byField.targetKind}
            comboboxProps={{ withinPortal: true }}
            data-testid="preset-target"
          />
          <Switch
            label="Destructive (needs an admin and a confirmation to run)"
            checked={draft.destructive}
            onChange={(e) => set('destructive', e.currentTarget.checked)}
            color="red"
            data-testid="preset-destructive"
          />
        </Group>
        <Textarea
          label="Definition (JSON)"
          description={CONTEXT_HELP}
          required
          value={draft.definition}
          onChange={(e) => set('definition', e.currentTarget.value)}
          error={jsonError}
          errorProps={{ 'data-testid': 'preset-definition-error' }}
          autosize
          minRows={12}
          maxRows={40}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          spellCheck={false}
          data-testid="preset-definition-input"
        />
        <DefinitionErrors error={save.error} details={placed.definition} />
        <Group justify="flex-end">
          <Text size="xs" c="dimmed">
            Every template and expression is checked when saved.
          </Text>
          <Button
            variant="default"
            onClick={() => void navigate(preset && mode === 'edit' ? presetPath(preset.id) : PRESETS_PATH)}
          >
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="preset-save">
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
