import { useEffect } from 'react';
import { Group, Progress, Stack, Text } from '@mantine/core';
import { PageState } from '../../ui/PageState.js';
import { useRequestTasks, useTaskRequest } from './agents.api.js';
import { TASK_STATUSES, type CreatedTaskRequest } from './agents.types.js';
import { TasksTable } from './TasksTable.js';
import { requestActive, requestStatus } from './taskStatus.js';
import { TaskStatusBadge } from './TaskStatusBadge.js';

/** A request's tasks by status, followed every second until none is queued, delivered or running. */
export function TaskRequestProgress({ created }: { created: CreatedTaskRequest }) {
  const request = useTaskRequest(created.id);
  const tasks = useRequestTasks(created.id);
  const r = request.data ?? created;
  const active = requestActive(r);
  const { refetch } = tasks;
  // The counts and the task list are polled apart: once the counts say all finished, read the results.
  useEffect(() => {
    if (!active) void refetch();
  }, [active, refetch]);
  const done = TASK_STATUSES.filter((s) => !['queued', 'delivered', 'running'].includes(s)).reduce(
    (n, s) => n + (r.counts[s] ?? 0),
    0,
  );
  return (
    <Stack gap="sm" data-testid="task-request" data-request-id={created.id} data-status={requestStatus(r)}>
      <Group gap="sm">
        <TaskStatusBadge status={requestStatus(r)} testId="task-request-status" />
        <Text size="sm">
          {done} of {r.taskCount} finished
          {created.withoutAgent > 0 ? ` · ${created.withoutAgent} targeted devices have no agent` : ''}
        </Text>
      </Group>
      {r.taskCount > 0 && (
        <Progress
          value={(done / r.taskCount) * 100}
          animated={active}
          striped={active}
          aria-label="Progress"
        />
      )}
      <Group gap="xs" data-testid="task-request-counts">
        {TASK_STATUSES.filter((s) => (r.counts[s] ?? 0) > 0).map((s) => (
          <Text key={s} size="sm" data-testid={`count-${s}`} data-count={r.counts[s]}>
            {s}: <b>{r.counts[s]}</b>
          </Text>
        ))}
      </Group>
      <PageState isPending={tasks.isPending} error={tasks.error ?? request.error} />
      {tasks.data && tasks.data.length > 0 && <TasksTable tasks={tasks.data} showAsset />}
    </Stack>
  );
}
