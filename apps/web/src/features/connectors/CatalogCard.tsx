import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { CatalogEntry } from './connectors.types.js';

/** One connector of the catalog: what it reads, what it can do, and the way to add it. */
export function CatalogCard({ entry }: { entry: CatalogEntry }) {
  return (
    <Card withBorder padding="md" data-testid="catalog-card" data-connector={entry.id}>
      <Stack gap="xs" h="100%">
        <Text fw={600}>{entry.title}</Text>
        {entry.description && (
          <Text size="sm" c="dimmed">
            {entry.description}
          </Text>
        )}
        <Text size="xs">
          Reads: {entry.streams.map((s) => `${s.name} (${s.kind})`).join(', ') || 'nothing'}
        </Text>
        {entry.actions.length > 0 && (
          <Group gap={4}>
            {entry.actions.map((a) => (
              <Badge key={a.name} size="xs" variant="light" color={a.destructive ? 'red' : 'indigo'}>
                {a.title}
              </Badge>
            ))}
          </Group>
        )}
        <Group justify="flex-end" mt="auto">
          <Button
            size="compact-sm"
            component={Link}
            to={`/settings/connectors/new/${encodeURIComponent(entry.id)}`}
            data-testid="catalog-add"
          >
            Add
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
