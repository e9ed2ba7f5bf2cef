import { Anchor, Button, Group, Stack, Switch, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { describeError } from '../../api/client.js';
import { formatDateTime } from '../../ui/format.js';
import { useLiveRun, useSyncNow, useTestConnection, useUpdateInstance } from './connectors.api.js';
import type { Instance } from './connectors.types.js';
import { RunCountsText } from './RunCountsText.js';
import { runTime } from './runFormat.js';
import { RunStatusBadge } from './RunStatusBadge.js';
import { TestResultText } from './TestResultText.js';

/** One instance in the list: its last run (followed live while it runs), schedule, and quick actions. */
export function InstanceRow({
  instance,
  canOperate,
  canAdmin,
}: {
  instance: Instance;
  canOperate: boolean;
  canAdmin: boolean;
}) {
  const run = useLiveRun(instance.lastRun);
  const test = useTestConnection(instance.id);
  const sync = useSyncNow(instance.id);
  const update = useUpdateInstance(instance.id);
  const running = run?.status === 'queued' || run?.status === 'running';
  return (
    <Table.Tr data-testid="instance-row" data-instance-id={instance.id} data-instance-name={instance.name}>
      <Table.Td>
        <Anchor
          component={Link}
          to={`/settings/connectors/${encodeURIComponent(instance.id)}`}
          data-testid="instance-link"
        >
          {instance.name}
        </Anchor>
      </Table.Td>
      <Table.Td>{instance.connectorTitle}</Table.Td>
      <Table.Td>
        {run ? (
          <Stack gap={2}>
            <RunStatusBadge run={run} />
            <RunCountsText run={run} />
          </Stack>
        ) : (
          <Text size="sm" c="dimmed" data-testid="run-status" data-status="never">
            Never synced
          </Text>
        )}
      </Table.Td>
      <Table.Td>{run ? formatDateTime(runTime(run)) : '—'}</Table.Td>
      <Table.Td data-testid="instance-next-sync">
        {instance.nextSyncAt
          ? formatDateTime(instance.nextSyncAt)
          : instance.schedule
            ? 'Paused'
            : 'On demand'}
      </Table.Td>
      <Table.Td>
        <Switch
          checked={instance.enabled}
          disabled={!canAdmin || update.isPending}
          onChange={(e) => update.mutate({ enabled: e.currentTarget.checked })}
          aria-label={`${instance.name} enabled`}
          data-testid="instance-enabled-toggle"
        />
        {update.error ? (
          <Text size="xs" c="red">
            {describeError(update.error)}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        {canOperate && (
          <Stack gap={4} align="flex-end">
            <Group gap="xs" justify="flex-end" wrap="nowrap">
              <Button
                size="compact-sm"
                variant="default"
                loading={test.isPending}
                onClick={() => test.mutate()}
                data-testid="instance-test"
              >
                Test connection
              </Button>
              <Button
                size="compact-sm"
                variant="light"
                loading={sync.isPending}
                disabled={running || !instance.enabled}
                onClick={() => sync.mutate()}
                data-testid="instance-sync"
              >
                Sync now
              </Button>
            </Group>
            <TestResultText result={test.data} error={test.error} />
            {sync.error ? (
              <Text size="xs" c="red" data-testid="sync-error">
                {describeError(sync.error)}
              </Text>
            ) : null}
          </Stack>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
