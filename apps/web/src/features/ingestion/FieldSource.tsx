import { Badge, Group, HoverCard, Stack, Text } from '@mantine/core';
import { formatAge, formatValue } from '../../ui/format.js';
import type { Twin } from './ingestion.api.js';

/** Under a field: which source its value came from and how old it is, and a badge when sources disagree. */
export function FieldSource({ twin, attribute }: { twin: Twin | undefined; attribute: string }) {
  const p = twin?.provenance[attribute];
  if (!twin || !p) return null;
  const sourceOf = (recordId: string) => twin.records.find((r) => r.id === recordId)?.source.key ?? '?';
  const conflict = twin.conflicts[attribute];
  return (
    <Group gap={4} data-testid={`source-${attribute}`}>
      <Text size="xs" c={p.stale ? 'orange' : 'dimmed'}>
        {p.cleared ? 'cleared by an admin' : `${sourceOf(p.recordId)} · ${formatAge(p.observedAt)}`}
        {p.stale ? ' · stale' : ''}
      </Text>
      {conflict && (
        <HoverCard width={320} shadow="md" withinPortal>
          <HoverCard.Target>
            <Badge size="xs" color="orange" variant="light" data-testid={`conflict-${attribute}`}>
              {conflict.length} sources disagree
            </Badge>
          </HoverCard.Target>
          <HoverCard.Dropdown>
            <Stack gap={4} data-testid={`conflict-values-${attribute}`}>
              {conflict.map((c, i) => (
                <Text key={c.recordId} size="sm" fw={i === 0 ? 600 : 400}>
                  {formatValue(c.value)} — {sourceOf(c.recordId)} ({c.sourceType}), {formatAge(c.observedAt)}
                  {c.stale ? ', stale' : ''}
                  {i === 0 ? ' · wins' : ''}
                </Text>
              ))}
            </Stack>
          </HoverCard.Dropdown>
        </HoverCard>
      )}
    </Group>
  );
}
