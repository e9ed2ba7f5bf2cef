import { Table, Text } from '@mantine/core';
import { formatDateTime } from '../../ui/format.js';
import { PageState } from '../../ui/PageState.js';
import { useRunErrors } from './connectors.api.js';

/** The records a run could not take, and why. */
export function RunErrors({ runId }: { runId: string }) {
  const errors = useRunErrors(runId);
  if (!errors.data) return <PageState isPending={errors.isPending} error={errors.error} />;
  if (errors.data.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="run-errors-empty">
        No per-record errors.
      </Text>
    );
  return (
    <Table fz="xs" data-testid="run-errors">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Stream</Table.Th>
          <Table.Th>Record</Table.Th>
          <Table.Th>Field</Table.Th>
          <Table.Th>Why</Table.Th>
          <Table.Th>At</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {errors.data.map((e, i) => (
          <Table.Tr key={`${e.stream}:${e.recordKey}:${i}`} data-testid="run-error" data-record={e.recordKey}>
            <Table.Td>{e.stream}</Table.Td>
            <Table.Td>{e.recordKey}</Table.Td>
            <Table.Td>{e.field ?? '—'}</Table.Td>
            <Table.Td>{e.message}</Table.Td>
            <Table.Td>{formatDateTime(e.at)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
