import { Badge, Group } from '@mantine/core';
import type { Preset } from './presets.types.js';

/** Built-in, destructive, and what the preset acts on. */
export function PresetBadges({ preset }: { preset: Preset }) {
  return (
    <Group gap={6} data-testid="preset-badges">
      {preset.builtIn && (
        <Badge size="sm" variant="light" color="gray" data-testid="preset-badge-builtin">
          Built-in
        </Badge>
      )}
      {preset.destructive && (
        <Badge size="sm" variant="light" color="red" data-testid="preset-badge-destructive">
          Destructive
        </Badge>
      )}
      {preset.targetKind && (
        <Badge size="sm" variant="outline" data-testid="preset-badge-target">
          acts on {preset.targetKind}
        </Badge>
      )}
    </Group>
  );
}
