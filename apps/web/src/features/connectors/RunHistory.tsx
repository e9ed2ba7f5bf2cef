import { useState } from 'react';
import { Paper, Stack, Table, Text, Title } from '@mantine/core';
import { PageState } from '../../ui/PageState.js';
import { useRuns } from './connectors.api.js';
import { RunHistoryRow } from './RunHistoryRow.js';
import { RUN_COUNT_KEYS } from './runFormat.js';

/** The instance's syncs, newest first, each with what it read and did. */
export function RunHistory({ instanceId }: { instanceId: string }) {
  const runs = useRuns(instanceId);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Paper withBorder p="md" data-testid="run-history">
      <Stack gap="xs">
        <Title order={5}>Run history</Title>
        <PageState isPending={runs.isPending} error={runs.error} />
        {runs.data?.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="run-history-empty">
            No syncs yet.
          </Text>
        )}
        {runs.data && runs.data.length > 0 && (
          <Table.ScrollContainer minWidth={820}>
            <Table fz="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Trigger</Table.Th>
                  <Table.Th>Started</Table.Th>
                  {RUN_COUNT_KEYS.map((k) => (
                    <Table.Th key={k} ta="right" tt="capitalize">
                      {k}
                    </Table.Th>
                  ))}
                  <Table.Th ta="right">Duration</Table.Th>
                  <Table.Th aria-label="Errors" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {runs.data.map((run) => (
                  <RunHistoryRow
                    key={run.id}
                    run={run}
                    open={open === run.id}
                    onToggle={() => setOpen(open === run.id ? null : run.id)}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}
