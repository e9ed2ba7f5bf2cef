import { Button } from '@mantine/core';
import { useCancelTask } from './agents.api.js';

/** Cancels a task that has not finished; an agent already running it is not interrupted. */
export function CancelTaskButton({ taskId }: { taskId: string }) {
  const cancel = useCancelTask();
  return (
    <Button
      size="compact-xs"
      variant="subtle"
      color="red"
      loading={cancel.isPending}
      onClick={() => cancel.mutate(taskId)}
      data-testid="agent-task-cancel"
    >
      Cancel
    </Button>
  );
}
