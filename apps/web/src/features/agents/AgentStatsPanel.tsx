import { Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { formatAge, formatCount } from '../../ui/format.js';
import { PageState } from '../../ui/PageState.js';
import { useAgentStats } from './agents.api.js';

function Counts({
  title,
  counts,
  testId,
}: {
  title: string;
  counts: Record<string, number>;
  testId: string;
}) {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {title}
      </Text>
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          none
        </Text>
      ) : (
        entries.map(([name, n]) => (
          <Group key={name} justify="space-between" gap="xs" data-testid="stat-entry" data-name={name}>
            <Text size="sm">{name}</Text>
            <Text size="sm" fw={600} data-testid="stat-count">
              {formatCount(n)}
            </Text>
          </Group>
        ))
      )}
    </Paper>
  );
}

/** Live counts: how many agents are connected now, over what, on which versions, through which processes. */
export function AgentStatsPanel() {
  const stats = useAgentStats();
  if (!stats.data) return <PageState isPending={stats.isPending} error={stats.error} />;
  const s = stats.data;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} data-testid="agent-stats">
      <Paper withBorder p="sm" data-testid="stat-online" data-online={s.online} data-enrolled={s.enrolled}>
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          Online now
        </Text>
        <Title order={2}>
          {formatCount(s.online)}
          <Text span c="dimmed" size="lg">
            {' '}
            / {formatCount(s.enrolled)} enrolled
          </Text>
        </Title>
        <Text size="xs" c="dimmed">
          {formatCount(s.revoked)} revoked
        </Text>
      </Paper>
      <Counts title="By transport" counts={s.byTransport} testId="stat-transport" />
      <Counts title="By version" counts={s.byVersion} testId="stat-version" />
      <Paper withBorder p="sm" data-testid="stat-nodes">
        <Stack gap={4}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Gateway processes
          </Text>
          {s.nodes.length === 0 ? (
            <Text size="sm" c="dimmed">
              none live
            </Text>
          ) : (
            <Table fz="xs" withRowBorders={false}>
              <Table.Tbody>
                {s.nodes.map((n) => (
                  <Table.Tr key={n.id} data-testid="stat-node" data-connections={n.connections}>
                    <Table.Td title={n.id}>{n.host}</Table.Td>
                    <Table.Td>{formatCount(n.connections)} connected</Table.Td>
                    <Table.Td c="dimmed">seen {formatAge(n.lastSeenAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      </Paper>
    </SimpleGrid>
  );
}
