import { Badge, Loader } from '@mantine/core';
import type { Run } from './connectors.types.js';
import { RUN_STATUS_COLOR } from './runFormat.js';

export function RunStatusBadge({ run }: { run: Pick<Run, 'status'> }) {
  const live = run.status === 'queued' || run.status === 'running';
  return (
    <Badge
      variant="light"
      color={RUN_STATUS_COLOR[run.status]}
      leftSection={live ? <Loader size={10} color={RUN_STATUS_COLOR[run.status]} /> : undefined}
      data-testid="run-status"
      data-status={run.status}
    >
      {run.status}
    </Badge>
  );
}
