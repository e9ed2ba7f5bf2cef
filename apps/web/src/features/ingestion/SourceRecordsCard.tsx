import { useState } from 'react';
import { Badge, Button, Code, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { formatAge, formatDateTime } from '../../ui/format.js';
import { PageState } from '../../ui/PageState.js';
import { useTwin } from './ingestion.api.js';

/** The source records behind an asset or person, each viewable raw, and whether every source has gone. */
export function SourceRecordsCard({ type, id }: { type: 'asset' | 'person'; id: string }) {
  const twin = useTwin(type, id);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Paper withBorder p="md" data-testid="source-records">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={5}>Sources</Title>
          {twin.data?.orphaned && (
            <Badge color="red" variant="light" data-testid="orphaned">
              No source reports it any more
            </Badge>
          )}
        </Group>
        <PageState isPending={twin.isPending} error={twin.error} />
        {twin.data && twin.data.records.length === 0 && (
          <Text size="sm" c="dimmed">
            Entered in Steward; no connected system reports it.
          </Text>
        )}
        {twin.data && twin.data.records.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Source</Table.Th>
                <Table.Th>Record</Table.Th>
                <Table.Th>Last seen</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {twin.data.records.map((r) => (
                <Table.Tr key={r.id} data-testid={`record-${r.source.key}-${r.recordKey}`}>
                  <Table.Td>
                    {r.source.name}{' '}
                    <Text span size="xs" c="dimmed">
                      ({r.source.type})
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {r.recordKey}
                    {r.missingSince && (
                      <Badge ml="xs" size="xs" color="red" variant="light">
                        missing since {formatDateTime(r.missingSince)}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{formatAge(r.lastSeenAt)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() => setOpen(open === r.id ? null : r.id)}
                      data-testid={`raw-${r.source.key}-${r.recordKey}`}
                    >
                      {open === r.id ? 'Hide raw' : 'Raw'}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {open && twin.data && (
          <Code block data-testid="raw-record">
            {JSON.stringify(
              (({ identifiers, attributes, observedAt }) => ({ observedAt, identifiers, attributes }))(
                twin.data.records.find((r) => r.id === open)!,
              ),
              null,
              2,
            )}
          </Code>
        )}
      </Stack>
    </Paper>
  );
}
