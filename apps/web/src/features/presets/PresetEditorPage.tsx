import { Alert, Anchor, Breadcrumbs, Stack, Text } from '@mantine/core';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { roleAtLeast } from '../../api/types.js';
import { PageState } from '../../ui/PageState.js';
import { useSession } from '../auth/index.js';
import type { EditorMode } from './editorDraft.js';
import { presetPath, PRESETS_PATH } from './paths.js';
import { PresetEditor } from './PresetEditor.js';
import { usePreset } from './presets.api.js';

function EditorFrame({ mode, id }: { mode: EditorMode; id: string }) {
  const session = useSession();
  const source = usePreset(id, id !== '');
  const title = { new: 'New preset', duplicate: 'Duplicate', edit: 'Edit' }[mode];
  const loading = id !== '' && !source.data;
  return (
    <Stack data-testid="preset-editor-page">
      <Breadcrumbs>
        <Anchor component={Link} to={PRESETS_PATH} size="sm">
          Action presets
        </Anchor>
        {source.data && (
          <Anchor component={Link} to={presetPath(source.data.id)} size="sm">
            {source.data.name}
          </Anchor>
        )}
        <Text size="sm">{title}</Text>
      </Breadcrumbs>
      {!roleAtLeast(session.role, 'admin') ? (
        <Alert color="yellow" variant="light">
          Writing action presets needs the admin role.
        </Alert>
      ) : loading ? (
        <PageState isPending={source.isPending} error={source.error} />
      ) : source.data?.builtIn && mode === 'edit' ? (
        <Alert color="yellow" variant="light">
          Built-in presets are read-only: duplicate it to change it.
        </Alert>
      ) : (
        <PresetEditor key={`${mode}:${id}`} mode={mode} preset={source.data} />
      )}
    </Stack>
  );
}

/** A new preset, or with ?from=<id> a duplicate of that one. */
export function NewPresetPage() {
  const [params] = useSearchParams();
  const from = params.get('from') ?? '';
  return <EditorFrame mode={from ? 'duplicate' : 'new'} id={from} />;
}

export function EditPresetPage() {
  const { id = '' } = useParams();
  return <EditorFrame mode="edit" id={id} />;
}
