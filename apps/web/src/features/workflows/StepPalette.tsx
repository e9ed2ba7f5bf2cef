import { useState } from 'react';
import {
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  ScrollArea,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInstances } from '../connectors/index.js';
import { STEP_LABELS } from './definitionEdit.js';
import { usePresetCatalog } from './workflows.api.js';
import { STEP_TYPES, type PresetSummary, type StepType } from './workflows.types.js';

/** Action presets found by name, description or connector ("jamf lock"); one click adds a preset step. */
function PresetCatalog({ onAdd }: { onAdd: (preset: PresetSummary, instance: string) => void }) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const presets = usePresetCatalog(q);
  const instances = useInstances();
  const instanceFor = (connectorId: string) =>
    (instances.data ?? []).find((i) => i.connectorId === connectorId)?.name ?? '';
  const items = presets.data ?? [];
  return (
    <Stack gap="xs" data-testid="preset-catalog">
      <Title order={6}>Action presets</Title>
      <TextInput
        size="xs"
        placeholder="Search, e.g. “jamf lock”"
        aria-label="Search action presets"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        rightSection={presets.isFetching ? <Loader size="xs" /> : null}
        data-testid="preset-catalog-search"
        data-query={q}
      />
      <ScrollArea.Autosize mah={300} type="auto" scrollbars="y">
        <Stack gap={4}>
          {presets.data && items.length === 0 && (
            <Text size="xs" c="dimmed" data-testid="preset-catalog-empty">
              No preset matches.
            </Text>
          )}
          {items.map((p) => (
            <Paper key={p.id} withBorder p={6} data-testid="preset-catalog-item" data-preset-id={p.id}>
              <Text size="xs" fw={600} lineClamp={2} title={p.name}>
                {p.name}
              </Text>
              <Group justify="space-between" wrap="nowrap" gap={4}>
                <Group gap={4} style={{ minWidth: 0 }}>
                  <Text size="10px" c="dimmed" truncate>
                    {p.connectorTitle}
                  </Text>
                  {p.destructive && (
                    <Badge size="xs" color="red" variant="light">
                      destructive
                    </Badge>
                  )}
                </Group>
                <Button
                  size="compact-xs"
                  variant="light"
                  onClick={() => onAdd(p, instanceFor(p.connectorId))}
                  data-testid="preset-catalog-add"
                >
                  Add
                </Button>
              </Group>
            </Paper>
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Stack>
  );
}

/** Every step type, to add one (after the selected step when it has a next), and the preset catalog. */
export function StepPalette({
  onAdd,
  onAddPreset,
}: {
  onAdd: (type: StepType) => void;
  onAddPreset: (preset: PresetSummary, instance: string) => void;
}) {
  return (
    <Stack gap="sm" data-testid="step-palette">
      <Title order={6}>Add a step</Title>
      <SimpleGrid cols={2} spacing={4} verticalSpacing={4}>
        {STEP_TYPES.map((type) => (
          <Button
            key={type}
            size="compact-xs"
            variant="default"
            onClick={() => onAdd(type)}
            data-testid={`palette-${type}`}
            styles={{ label: { whiteSpace: 'normal', textAlign: 'center' } }}
            h="auto"
            py={4}
          >
            {STEP_LABELS[type]}
          </Button>
        ))}
      </SimpleGrid>
      <PresetCatalog onAdd={onAddPreset} />
    </Stack>
  );
}
