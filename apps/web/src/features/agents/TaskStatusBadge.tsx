import { Badge } from '@mantine/core';
import type { TaskStatus } from './agents.types.js';
import { TASK_COLORS } from './taskStatus.js';

/** A task's (or a request's) status as a coloured badge. */
export function TaskStatusBadge({
  status,
  testId = 'task-status',
}: {
  status: TaskStatus | 'empty';
  testId?: string;
}) {
  return (
    <Badge
      size="sm"
      variant="light"
      color={status === 'empty' ? 'gray' : TASK_COLORS[status]}
      data-testid={testId}
      data-status={status}
    >
      {status === 'empty' ? 'no devices' : status}
    </Badge>
  );
}
