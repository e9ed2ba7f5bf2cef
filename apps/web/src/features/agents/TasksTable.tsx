import { Table, Text } from '@mantine/core';
import { formatDateTime } from '../../ui/format.js';
import { AssetLink } from '../assets/index.js';
import type { AgentTask } from './agents.types.js';
import { TASK_LABELS } from './taskParams.js';
import { isUnfinished, summarizeResult } from './taskStatus.js';
import { CancelTaskButton } from './CancelTaskButton.js';
import { TaskStatusBadge } from './TaskStatusBadge.js';

const typeLabel = (type: string) =>
  type in TASK_LABELS ? TASK_LABELS[type as keyof typeof TASK_LABELS] : type;

/** Tasks with their status and outcome (the error, or a short summary of the result). */
export function TasksTable({ tasks, showAsset }: { tasks: AgentTask[]; showAsset: boolean }) {
  return (
    <Table fz="sm" striped data-testid="agent-tasks">
      <Table.Thead>
        <Table.Tr>
          {showAsset && <Table.Th>Device</Table.Th>}
          <Table.Th>Task</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Created</Table.Th>
          <Table.Th>Finished</Table.Th>
          <Table.Th>Outcome</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {tasks.map((t) => (
          <Table.Tr
            key={t.id}
            data-testid="agent-task-row"
            data-task-id={t.id}
            data-status={t.status}
            data-type={t.type}
          >
            {showAsset && (
              <Table.Td>
                <AssetLink id={t.assetId} />
              </Table.Td>
            )}
            <Table.Td>{typeLabel(t.type)}</Table.Td>
            <Table.Td miw={110}>
              <TaskStatusBadge status={t.status} />
              {isUnfinished(t.status) && <CancelTaskButton taskId={t.id} />}
            </Table.Td>
            <Table.Td>{formatDateTime(t.createdAt)}</Table.Td>
            <Table.Td>{formatDateTime(t.finishedAt)}</Table.Td>
            <Table.Td data-testid="agent-task-outcome">
              {t.error ? (
                <Text size="sm" c="red">
                  {t.error}
                </Text>
              ) : t.progress && !t.finishedAt ? (
                <Text size="sm" c="dimmed">
                  {t.progress.message}
                  {t.progress.percent !== undefined ? ` (${t.progress.percent}%)` : ''}
                </Text>
              ) : (
                summarizeResult(t)
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
