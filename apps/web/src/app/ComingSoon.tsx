import { Badge, Group, Paper, Text, Title } from '@mantine/core';
import type { Area } from './nav.js';

/** The page of an area that is not built yet: says what will be there instead of a broken link. */
export function ComingSoon({ area }: { area: Area }) {
  return (
    <Paper withBorder p="xl" data-testid="coming-soon">
      <Group gap="sm" mb="sm">
        <Title order={2}>{area.label}</Title>
        <Badge variant="light" color="gray">
          Coming soon
        </Badge>
      </Group>
      <Text>{area.description}</Text>
      <Text c="dimmed" size="sm" mt="sm">
        This area is not built yet.
      </Text>
    </Paper>
  );
}
