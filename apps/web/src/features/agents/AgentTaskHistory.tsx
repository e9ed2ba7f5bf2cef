import { Text } from '@mantine/core';
import { PageState } from '../../ui/PageState.js';
import { useAssetTasks } from './agents.api.js';
import { TasksTable } from './TasksTable.js';

/** The tasks sent to a device, newest first, refreshed every second while any is unfinished. */
export function AgentTaskHistory({ assetId }: { assetId: string }) {
  const tasks = useAssetTasks(assetId);
  if (!tasks.data) return <PageState isPending={tasks.isPending} error={tasks.error} />;
  if (tasks.data.length === 0)
    return (
      <Text size="xs" c="dimmed" data-testid="agent-tasks-empty">
        No tasks sent to this device yet.
      </Text>
    );
  return <TasksTable tasks={tasks.data} showAsset={false} />;
}
