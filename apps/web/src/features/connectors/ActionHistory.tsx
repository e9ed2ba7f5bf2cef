import { Badge, Group, Stack, Text } from '@mantine/core';
import { formatDateTime } from '../../ui/format.js';
import { PageState } from '../../ui/PageState.js';
import { useActionHistory } from './connectors.api.js';
import { ACTION_STATUS_COLOR } from './runFormat.js';
import type { ActionExecution, EntityActions } from './connectors.types.js';

/** The connector actions run on this asset, newest first. */
export function ActionHistory({ targetId, sources }: { targetId: string; sources: EntityActions[] }) {
  const history = useActionHistory(targetId);
  const instanceName = (id: string) =>
    sources.find((s) => s.instanceId === id)?.instanceName ?? 'Removed instance';
  const titleOf = (e: ActionExecution) =>
    sources.find((s) => s.instanceId === e.instanceId)?.actions.find((a) => a.name === e.action)?.title ??
    e.action;
  if (!history.data) return <PageState isPending={history.isPending} error={history.error} />;
  if (history.data.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="action-history-empty">
        No actions have been run on this asset.
      </Text>
    );
  return (
    <Stack gap={4} data-testid="action-history">
      <Text size="sm" fw={500}>
        History
      </Text>
      {history.data.map((e) => (
        <Stack
          key={e.id}
          gap={0}
          py={4}
          style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
          data-testid="action-history-row"
          data-action={e.action}
          data-status={e.status}
        >
          <Group gap="xs" wrap="nowrap" justify="space-between">
            <Text size="xs" fw={500}>
              {titleOf(e)}
            </Text>
            <Badge size="xs" variant="light" color={ACTION_STATUS_COLOR[e.status]}>
              {e.status}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed">
            {instanceName(e.instanceId)} · {formatDateTime(e.createdAt)}
            {e.replayed ? ' · replayed' : ''}
          </Text>
          {(e.error ?? e.message) && (
            <Text size="xs" c={e.error ? 'red' : undefined}>
              {e.error ?? e.message}
            </Text>
          )}
        </Stack>
      ))}
    </Stack>
  );
}
