import { Badge } from '@mantine/core';
import { RUN_COLORS } from './runTimeline.js';

/** A run's or a step's status as a coloured badge. */
export function RunStatusBadge({ status, testId = 'run-status' }: { status: string; testId?: string }) {
  return (
    <Badge
      size="sm"
      variant="light"
      color={RUN_COLORS[status] ?? 'gray'}
      data-testid={testId}
      data-status={status}
    >
      {status}
    </Badge>
  );
}
