import { useEffect, useRef, useState } from 'react';
import { Button, Group, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { agentKeys, useCreateTaskRequest, useRefreshAsset, useTaskRequest } from './agents.api.js';
import { requestActive, requestStatus } from './taskStatus.js';
import { TaskStatusBadge } from './TaskStatusBadge.js';

/**
 * Asks the device's agent for a fresh inventory and follows the task (queued → running → succeeded); once it
 * has finished, the asset's record is read again so what the agent saw appears on the page.
 */
export function InventoryNow({ assetId, canOperate }: { assetId: string; canOperate: boolean }) {
  const queryClient = useQueryClient();
  const create = useCreateTaskRequest();
  const refreshAsset = useRefreshAsset();
  const [requestId, setRequestId] = useState<string | null>(null);
  const request = useTaskRequest(requestId);
  const refreshedFor = useRef<string | null>(null);
  const finished = request.data !== undefined && !requestActive(request.data);

  useEffect(() => {
    if (!finished || !requestId || refreshedFor.current === requestId) return;
    refreshedFor.current = requestId;
    void refreshAsset(assetId);
  }, [finished, requestId, assetId, refreshAsset]);

  const run = () =>
    create.mutate(
      { type: 'inventory', parameters: {}, target: { assetIds: [assetId] } },
      {
        onSuccess: (created) => {
          setRequestId(created.id);
          void queryClient.invalidateQueries({ queryKey: agentKeys.assetTasks(assetId) });
        },
      },
    );

  return (
    <>
      <Group gap="sm">
        {canOperate && (
          <Button
            size="xs"
            variant="light"
            onClick={run}
            loading={create.isPending || (requestId !== null && !finished)}
            data-testid="inventory-now"
          >
            Inventory now
          </Button>
        )}
        {request.data && (
          <Group gap={6} data-testid="inventory-request" data-status={requestStatus(request.data)}>
            <TaskStatusBadge status={requestStatus(request.data)} testId="inventory-request-status" />
            {finished && (
              <Text size="xs" c="dimmed">
                record refreshed
              </Text>
            )}
          </Group>
        )}
      </Group>
      <ErrorAlert error={create.error ?? request.error} title="Could not ask for an inventory" />
    </>
  );
}
