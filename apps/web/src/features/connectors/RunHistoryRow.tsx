import { Fragment } from 'react';
import { Button, Table, Text } from '@mantine/core';
import { formatDateTime } from '../../ui/format.js';
import type { Run } from './connectors.types.js';
import { RunErrors } from './RunErrors.js';
import { formatDuration, RUN_COUNT_KEYS } from './runFormat.js';
import { RunStatusBadge } from './RunStatusBadge.js';

/** One past run; its per-record errors open below it. */
export function RunHistoryRow({ run, open, onToggle }: { run: Run; open: boolean; onToggle: () => void }) {
  return (
    <Fragment>
      <Table.Tr data-testid="run-row" data-run-id={run.id} data-status={run.status}>
        <Table.Td>
          <RunStatusBadge run={run} />
        </Table.Td>
        <Table.Td>{run.trigger}</Table.Td>
        <Table.Td>{formatDateTime(run.startedAt ?? run.queuedAt)}</Table.Td>
        {RUN_COUNT_KEYS.map((k) => (
          <Table.Td key={k} ta="right" data-testid={`run-row-${k}`} data-count={run.counts[k] ?? 0}>
            {(run.counts[k] ?? 0).toLocaleString()}
          </Table.Td>
        ))}
        <Table.Td ta="right">{formatDuration(run.durationMs)}</Table.Td>
        <Table.Td>
          <Button size="compact-xs" variant="subtle" onClick={onToggle} data-testid="run-errors-toggle">
            {open ? 'Hide errors' : `Errors${run.counts.failed ? ` (${run.counts.failed})` : ''}`}
          </Button>
        </Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr data-testid="run-detail" data-run-id={run.id}>
          <Table.Td colSpan={10}>
            {run.error && (
              <Text size="sm" c="red" mb="xs">
                {run.error}
              </Text>
            )}
            <RunErrors runId={run.id} />
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}
