import { Badge, Group, Stack, Text } from '@mantine/core';
import { formatDateTime } from '../../ui/format.js';
import { PageState } from '../../ui/PageState.js';
import { useActionHistory, useInstances } from './connectors.api.js';
import { historyLabels } from './historyLabels.js';
import { ACTION_STATUS_COLOR } from './runFormat.js';
import type { EntityActions, EntityKind } from './connectors.types.js';

/** The connector actions and presets run on this asset or person, newest first. */
export function ActionHistory({
  targetId,
  kind,
  sources,
}: {
  targetId: string;
  kind: EntityKind;
  sources: EntityActions[];
}) {
  const history = useActionHistory(targetId);
  // Only to tell a deleted instance from a live one and name rows older than the recorded names.
  const instances = useInstances();
  if (!history.data) return <PageState isPending={history.isPending} error={history.error} />;
  if (history.data.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="action-history-empty">
        No actions have been run on this {kind}.
      </Text>
    );
  const ctx = { sources, instances: instances.data };
  return (
    <Stack gap={4} data-testid="action-history">
      <Text size="sm" fw={500}>
        History
      </Text>
      {history.data.map((e) => {
        const labels = historyLabels(e, ctx);
        return (
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
              <Text size="xs" fw={500} data-testid="action-history-title" title={e.action}>
                {labels.title}
              </Text>
              <Badge size="xs" variant="light" color={ACTION_STATUS_COLOR[e.status]}>
                {e.status}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed">
              <span
                data-testid="action-history-instance"
                data-deleted={labels.instanceDeleted || undefined}
                title={e.instanceId}
              >
                {labels.instance}
              </span>{' '}
              · {formatDateTime(e.createdAt)}
              {e.replayed ? ' · replayed' : ''}
            </Text>
            {(e.error ?? e.message) && (
              <Text size="xs" c={e.error ? 'red' : undefined}>
                {e.error ?? e.message}
              </Text>
            )}
          </Stack>
        );
      })}
    </Stack>
  );
}
