import { Alert, Group, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { formatDateTime } from '../../ui/format.js';
import { isActive, useLiveRun } from './connectors.api.js';
import type { Run } from './connectors.types.js';
import { RunCountsText } from './RunCountsText.js';
import { formatDuration } from './runFormat.js';
import { RunStatusBadge } from './RunStatusBadge.js';

/** The instance's last run; while it is queued or running, followed every second until it finishes. */
export function LiveRunPanel({ lastRun }: { lastRun: Run | null }) {
  const run = useLiveRun(lastRun);
  if (!run) return null;
  const live = isActive(run);
  return (
    <Paper withBorder p="md" data-testid="live-run" data-run-id={run.id} data-status={run.status}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="sm">
            <Title order={5}>{live ? 'Sync in progress' : 'Last sync'}</Title>
            <RunStatusBadge run={run} />
          </Group>
          <Text size="xs" c="dimmed">
            {run.trigger} · queued {formatDateTime(run.queuedAt)}
            {run.finishedAt ? ` · took ${formatDuration(run.durationMs)}` : ''}
          </Text>
        </Group>
        {live && <Progress value={100} striped animated aria-label="Sync in progress" />}
        <RunCountsText run={run} />
        {run.streams.length > 0 && (
          <Table fz="xs">
            <Table.Tbody>
              {run.streams.map((s) => (
                <Table.Tr
                  key={s.name}
                  data-testid="run-stream"
                  data-stream={s.name}
                  data-done={s.done ? 'true' : 'false'}
                >
                  <Table.Td w={160}>{s.name}</Table.Td>
                  <Table.Td>{s.done ? 'done' : live ? 'reading…' : 'stopped'}</Table.Td>
                  <Table.Td>
                    {(s.counts.read ?? 0).toLocaleString()} read, {(s.counts.failed ?? 0).toLocaleString()}{' '}
                    failed
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {run.error && (
          <Alert color="red" variant="light" data-testid="live-run-error">
            {run.error}
            {run.attempts > 1 ? ` (after ${run.attempts} attempts)` : ''}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
