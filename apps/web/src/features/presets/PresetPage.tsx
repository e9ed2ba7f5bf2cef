import { useState } from 'react';
import { Anchor, Breadcrumbs, Button, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { roleAtLeast } from '../../api/types.js';
import { ConfirmModal } from '../../ui/ConfirmModal.js';
import { PageState } from '../../ui/PageState.js';
import { useSession } from '../auth/index.js';
import { duplicatePresetPath, editPresetPath, PRESETS_PATH } from './paths.js';
import { PresetBadges } from './PresetBadges.js';
import { PresetDetails } from './PresetDetails.js';
import { useDeletePreset, usePreset } from './presets.api.js';
import type { Preset } from './presets.types.js';
import { RunPanel } from './RunPanel.js';

function AdminButtons({ preset }: { preset: Preset }) {
  const navigate = useNavigate();
  const remove = useDeletePreset();
  const [deleting, setDeleting] = useState(false);
  return (
    <Group gap="xs">
      <Button
        variant="default"
        component={Link}
        to={duplicatePresetPath(preset.id)}
        data-testid="preset-duplicate"
      >
        Duplicate
      </Button>
      {!preset.builtIn && (
        <>
          <Button variant="default" component={Link} to={editPresetPath(preset.id)} data-testid="preset-edit">
            Edit
          </Button>
          <Button variant="outline" color="red" onClick={() => setDeleting(true)} data-testid="preset-delete">
            Delete
          </Button>
        </>
      )}
      <ConfirmModal
        opened={deleting}
        title="Delete this preset?"
        confirmLabel="Delete"
        pending={remove.isPending}
        error={remove.error}
        onCancel={() => setDeleting(false)}
        onConfirm={() => remove.mutate(preset.id, { onSuccess: () => void navigate(PRESETS_PATH) })}
      >
        “{preset.name}” is deleted for everyone. What it already did stays in each asset’s action history.
      </ConfirmModal>
    </Group>
  );
}

/** One preset: what it sends and returns, and running it (dry or for real). */
export function PresetPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const preset = usePreset(id);
  const p = preset.data;
  return (
    <Stack data-testid="preset-page">
      <Breadcrumbs>
        <Anchor component={Link} to={PRESETS_PATH} size="sm" data-testid="back-to-presets">
          Action presets
        </Anchor>
        <Text size="sm">{p?.name ?? '…'}</Text>
      </Breadcrumbs>
      <PageState isPending={preset.isPending} error={preset.error} />
      {p && (
        <>
          <Group justify="space-between" align="flex-start">
            <Stack gap={4}>
              <Title order={3} data-testid="preset-title">
                {p.name}
              </Title>
              <Group gap="sm">
                <Text size="sm" c="dimmed">
                  {p.connectorTitle}
                </Text>
                <PresetBadges preset={p} />
              </Group>
              {p.description && (
                <Text size="sm" maw={720} data-testid="preset-description">
                  {p.description}
                </Text>
              )}
            </Stack>
            {roleAtLeast(session.role, 'admin') && <AdminButtons preset={p} />}
          </Group>
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 7 }}>
              <PresetDetails preset={p} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Paper withBorder p="md">
                <Stack gap="sm">
                  <Title order={5}>Run</Title>
                  <RunPanel key={p.id} preset={p} />
                </Stack>
              </Paper>
            </Grid.Col>
          </Grid>
        </>
      )}
    </Stack>
  );
}
