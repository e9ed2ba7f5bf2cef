import { Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { PageState } from '../../ui/PageState.js';
import { formatDateTime } from '../../ui/format.js';
import { runPath } from './paths.js';
import { RunStatusBadge } from './RunStatusBadge.js';
import { formatDuration } from './runTimeline.js';
import { useRuns } from './workflows.api.js';

const triggerType = (t: unknown) =>
  typeof t === 'object' && t !== null && typeof (t as { type?: unknown }).type === 'string'
    ? (t as { type: string }).type
    : '—';

/** A workflow's runs, newest first, refreshed while any of them runs. */
export function RunsList({ workflowId }: { workflowId: string }) {
  const runs = useRuns(workflowId);
  if (!runs.data) return <PageState isPending={runs.isPending} error={runs.error} />;
  if (runs.data.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="runs-empty">
        This workflow has not run yet.
      </Text>
    );
  return (
    <Table striped highlightOnHover data-testid="runs-list">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Started</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Version</Table.Th>
          <Table.Th>Trigger</Table.Th>
          <Table.Th>Steps</Table.Th>
          <Table.Th>Took</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {runs.data.map((r) => (
          <Table.Tr key={r.id} data-testid="run-row" data-run-id={r.id} data-status={r.status}>
            <Table.Td>
              <Anchor component={Link} to={runPath(r.id)} size="sm" data-testid="run-link">
                {formatDateTime(r.createdAt)}
              </Anchor>
            </Table.Td>
            <Table.Td>
              <RunStatusBadge status={r.status} />
            </Table.Td>
            <Table.Td>{r.version}</Table.Td>
            <Table.Td>{triggerType(r.trigger)}</Table.Td>
            <Table.Td>{r.steps.length}</Table.Td>
            <Table.Td>
              {r.finishedAt ? formatDuration(Date.parse(r.finishedAt) - Date.parse(r.createdAt)) : '—'}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
