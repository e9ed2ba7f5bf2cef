import { Button, Group, Paper, Text } from '@mantine/core';
import { roleAtLeast } from '../../../api/types.js';
import { useSession } from '../../auth/index.js';
import type { BulkActionKind } from './bulkTypes.js';

/** Shown while rows are selected: what can be done to all of them. */
export function BulkBar({
  count,
  onAction,
  onClear,
}: {
  count: number;
  onAction: (a: BulkActionKind) => void;
  onClear: () => void;
}) {
  const session = useSession();
  const operator = roleAtLeast(session.role, 'operator');
  if (count === 0) return null;
  return (
    <Paper withBorder p="xs" bg="var(--mantine-primary-color-light)" data-testid="bulk-bar">
      <Group justify="space-between">
        <Text size="sm" fw={600} data-testid="bulk-count">
          {count} selected
        </Text>
        <Group gap="xs">
          {operator && (
            <>
              <Button
                size="xs"
                variant="default"
                onClick={() => onAction('transition')}
                data-testid="bulk-transition"
              >
                Change state
              </Button>
              <Button
                size="xs"
                variant="default"
                onClick={() => onAction('assign')}
                data-testid="bulk-assign"
              >
                Assign
              </Button>
              <Button size="xs" variant="default" onClick={() => onAction('tag')} data-testid="bulk-tag">
                Add tag
              </Button>
            </>
          )}
          {roleAtLeast(session.role, 'admin') && (
            <Button
              size="xs"
              variant="default"
              color="red"
              onClick={() => onAction('legal-hold')}
              data-testid="bulk-legal-hold"
            >
              Legal hold
            </Button>
          )}
          <Button size="xs" variant="subtle" onClick={onClear} data-testid="bulk-clear">
            Clear selection
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}
