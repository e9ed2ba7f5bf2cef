import { Alert, Badge, Group, Text } from '@mantine/core';
import { describeError } from '../../api/client.js';
import { ACTION_STATUS_COLOR } from './runFormat.js';
import type { ActionExecution } from './connectors.types.js';

export interface ActionOutcome {
  actionTitle: string;
  instanceName: string;
  execution?: ActionExecution;
  error?: unknown;
}

/** What the last action dispatched from this page came to: the vendor's answer or why it failed. */
export function ActionResultAlert({ outcome, onClose }: { outcome: ActionOutcome; onClose: () => void }) {
  const status = outcome.execution?.status ?? 'failed';
  const text = outcome.execution
    ? (outcome.execution.message ?? outcome.execution.error ?? '')
    : describeError(outcome.error);
  return (
    <Alert
      color={ACTION_STATUS_COLOR[status]}
      variant="light"
      withCloseButton
      onClose={onClose}
      data-testid="action-result"
      data-status={status}
      title={
        <Group gap="xs">
          <Text size="sm" fw={600}>
            {outcome.actionTitle} · {outcome.instanceName}
          </Text>
          <Badge size="xs" color={ACTION_STATUS_COLOR[status]} variant="filled">
            {status}
          </Badge>
          {outcome.execution?.replayed && (
            <Badge size="xs" variant="outline" color="gray">
              already done — not sent again
            </Badge>
          )}
        </Group>
      }
    >
      <Text size="sm" data-testid="action-result-message">
        {text}
      </Text>
    </Alert>
  );
}
