import { useState } from 'react';
import { Button, Group, Stack, Text } from '@mantine/core';
import { Link, useNavigate } from 'react-router-dom';
import { describeError } from '../../api/client.js';
import { ConfirmModal } from '../../ui/ConfirmModal.js';
import { isActive, useDeleteInstance, useSyncNow, useTestConnection } from './connectors.api.js';
import type { Instance } from './connectors.types.js';
import { TestResultText } from './TestResultText.js';

/** Test connection, Sync now, Edit and Remove, by role; with the test's answer. */
export function InstanceToolbar({
  instance,
  canOperate,
  canAdmin,
}: {
  instance: Instance;
  canOperate: boolean;
  canAdmin: boolean;
}) {
  const navigate = useNavigate();
  const test = useTestConnection(instance.id);
  const sync = useSyncNow(instance.id);
  const remove = useDeleteInstance();
  const [removing, setRemoving] = useState(false);
  return (
    <Stack gap={4} align="flex-end">
      <Group gap="xs">
        {canOperate && (
          <>
            <Button
              variant="default"
              loading={test.isPending}
              onClick={() => test.mutate()}
              data-testid="instance-test"
            >
              Test connection
            </Button>
            <Button
              loading={sync.isPending}
              disabled={isActive(instance.lastRun) || !instance.enabled}
              title={instance.enabled ? undefined : 'Enable the instance to sync it'}
              onClick={() => sync.mutate()}
              data-testid="instance-sync"
            >
              Sync now
            </Button>
          </>
        )}
        {canAdmin && (
          <>
            <Button
              variant="default"
              component={Link}
              to={`/settings/connectors/${encodeURIComponent(instance.id)}/edit`}
              data-testid="instance-edit"
            >
              Edit
            </Button>
            <Button
              variant="subtle"
              color="red"
              onClick={() => setRemoving(true)}
              data-testid="instance-delete"
            >
              Remove
            </Button>
          </>
        )}
      </Group>
      <TestResultText result={test.data} error={test.error} />
      {sync.error ? (
        <Text size="xs" c="red" data-testid="sync-error">
          {describeError(sync.error)}
        </Text>
      ) : null}
      <ConfirmModal
        opened={removing}
        title="Remove connector instance"
        confirmLabel="Remove"
        pending={remove.isPending}
        error={remove.error}
        onCancel={() => {
          setRemoving(false);
          remove.reset();
        }}
        onConfirm={() =>
          remove.mutate(instance.id, {
            onSuccess: () => void navigate('/settings/connectors', { replace: true }),
          })
        }
      >
        Remove <b>{instance.name}</b>? Its stored credentials and run history go; the assets and people it
        reported stay, with their source records.
      </ConfirmModal>
    </Stack>
  );
}
