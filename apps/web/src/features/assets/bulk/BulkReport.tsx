import { Alert, Anchor, Progress, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { BulkProgress } from './useBulkRun.js';

/** Progress while a bulk action runs, then what succeeded and which assets failed and why. */
export function BulkReport({ progress, label }: { progress: BulkProgress; label: string }) {
  const percent = progress.total === 0 ? 100 : Math.round((progress.done / progress.total) * 100);
  const failed = progress.failures.length;
  return (
    <Stack gap="sm" data-testid="bulk-report" data-running={progress.running} data-failed={failed}>
      <Text size="sm">
        {label}: {progress.done} of {progress.total} done
        {progress.running ? '…' : '.'}
      </Text>
      <Progress
        value={percent}
        animated={progress.running}
        color={failed > 0 ? 'orange' : undefined}
        aria-label="Progress"
        data-testid="bulk-progress"
        data-done={progress.done}
        data-total={progress.total}
      />
      {!progress.running && (
        <Alert
          color={failed === 0 && !progress.stopped ? 'green' : 'orange'}
          variant="light"
          data-testid="bulk-summary"
        >
          {progress.succeeded} succeeded
          {failed > 0 ? `, ${failed} failed` : ''}
          {progress.stopped ? `, ${progress.total - progress.done} not attempted (stopped)` : ''}.
          {failed > 0 && ' The failed assets stay selected so you can fix and retry them.'}
        </Alert>
      )}
      {failed > 0 && (
        <ScrollArea.Autosize mah={260}>
          <Table fz="sm" withTableBorder data-testid="bulk-failures">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Asset</Table.Th>
                <Table.Th>Why it failed</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {progress.failures.map((f) => (
                <Table.Tr key={f.id} data-testid="bulk-failure" data-asset-id={f.id}>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/assets/${encodeURIComponent(f.id)}`}
                      size="sm"
                      target="_blank"
                    >
                      {f.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td data-testid="bulk-failure-reason">{f.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
    </Stack>
  );
}
