import { Anchor, Button, Group, Loader, Paper, Stack, Text, TextInput } from '@mantine/core';
import { Link } from 'react-router-dom';
import { roleAtLeast } from '../../api/types.js';
import { PageState } from '../../ui/PageState.js';
import { useSession } from '../auth/index.js';
import { PresetBadges } from './PresetBadges.js';
import { PRESETS_PATH, presetPath } from './paths.js';
import { usePresets } from './presets.api.js';
import type { Preset } from './presets.types.js';
import { usePresetSearch } from './usePresetSearch.js';

function PresetRow({ preset }: { preset: Preset }) {
  return (
    <Paper withBorder p="sm" data-testid="preset-row" data-preset-id={preset.id}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2}>
          <Anchor component={Link} to={presetPath(preset.id)} fw={600} data-testid="preset-link">
            {preset.name}
          </Anchor>
          <Text size="xs" c="dimmed" data-testid="preset-connector">
            {preset.connectorTitle}
          </Text>
          {preset.description && (
            <Text size="sm" c="dimmed" lineClamp={2}>
              {preset.description}
            </Text>
          )}
        </Stack>
        <PresetBadges preset={preset} />
      </Group>
    </Paper>
  );
}

/** Settings → Action presets: named HTTP actions (built-in and saved), searchable ("jamf lock"). */
export function PresetsPage() {
  const session = useSession();
  const { search, setSearch, q } = usePresetSearch();
  const presets = usePresets(q);
  const items = presets.data ?? [];
  return (
    <Stack data-testid="presets-page">
      <Group justify="space-between" align="flex-start">
        <Text size="sm" c="dimmed" maw={720}>
          An action preset is a named sequence of HTTP requests run through a connector instance (its base
          URL, stored credentials and rate limits): lock a Mac in Jamf, suspend a user in Okta. Built-in
          presets are read-only; duplicate one to change it.
        </Text>
        {roleAtLeast(session.role, 'admin') && (
          <Button component={Link} to={`${PRESETS_PATH}/new`} data-testid="preset-new">
            New preset
          </Button>
        )}
      </Group>
      <TextInput
        placeholder="Search by name, description or connector, e.g. “jamf lock”"
        aria-label="Search action presets"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        rightSection={presets.isFetching ? <Loader size="xs" /> : null}
        maw={520}
        data-testid="presets-search"
        data-query={q}
      />
      <PageState isPending={presets.isPending} error={presets.error} />
      {presets.data && items.length === 0 && (
        <Text c="dimmed" data-testid="presets-empty">
          {q ? `No preset matches “${q}”.` : 'There are no action presets yet.'}
        </Text>
      )}
      <Stack gap="xs" data-testid="presets-list">
        {items.map((p) => (
          <PresetRow key={p.id} preset={p} />
        ))}
      </Stack>
    </Stack>
  );
}
