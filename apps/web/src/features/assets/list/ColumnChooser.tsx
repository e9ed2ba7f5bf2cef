import { Button, Checkbox, Group, Popover, ScrollArea, SimpleGrid, Stack, Text } from '@mantine/core';
import { ASSET_ATTRIBUTES, ATTRIBUTE_GROUPS, GROUP_LABELS, META_FIELDS } from '../../../api/attributes.js';
import type { CustomField } from '../../../api/records.js';
import { DEFAULT_COLUMNS } from './listState.js';

interface Choice {
  key: string;
  label: string;
}

function Section({
  title,
  choices,
  columns,
  onToggle,
}: {
  title: string;
  choices: Choice[];
  columns: string[];
  onToggle: (key: string) => void;
}) {
  if (choices.length === 0) return null;
  return (
    <Stack gap={4}>
      <Text size="xs" fw={700} tt="uppercase" c="dimmed">
        {title}
      </Text>
      <SimpleGrid cols={2} spacing={4} verticalSpacing={4}>
        {choices.map((c) => (
          <Checkbox
            key={c.key}
            size="xs"
            label={c.label}
            checked={columns.includes(c.key)}
            disabled={columns.length === 1 && columns.includes(c.key)}
            onChange={() => onToggle(c.key)}
            data-testid={`column-toggle-${c.key}`}
          />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

/** Which columns the table shows: any canonical attribute or custom field; new ones go to the end. */
export function ColumnChooser({
  columns,
  customFields,
  onChange,
}: {
  columns: string[];
  customFields: readonly CustomField[];
  onChange: (columns: string[]) => void;
}) {
  const toggle = (key: string) =>
    onChange(columns.includes(key) ? columns.filter((c) => c !== key) : [...columns, key]);
  return (
    <Popover width={420} position="bottom-end" shadow="md" withinPortal>
      <Popover.Target>
        <Button variant="default" data-testid="column-chooser">
          Columns ({columns.length})
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <ScrollArea.Autosize mah={420} type="auto">
          <Stack gap="sm" data-testid="column-chooser-panel">
            {ATTRIBUTE_GROUPS.map((g) => (
              <Section
                key={g}
                title={GROUP_LABELS[g]}
                choices={ASSET_ATTRIBUTES.filter((a) => a.group === g)}
                columns={columns}
                onToggle={toggle}
              />
            ))}
            <Section title="Other" choices={[...META_FIELDS]} columns={columns} onToggle={toggle} />
            <Section
              title="Custom fields"
              choices={customFields.map((f) => ({ key: f.key, label: f.label }))}
              columns={columns}
              onToggle={toggle}
            />
          </Stack>
        </ScrollArea.Autosize>
        <Group justify="flex-end" mt="sm">
          <Button
            size="xs"
            variant="subtle"
            onClick={() => onChange(DEFAULT_COLUMNS)}
            data-testid="columns-reset"
          >
            Reset to default
          </Button>
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}
