import { Badge, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { formatDateTime } from '../../../ui/format.js';
import { PageState } from '../../../ui/PageState.js';
import { useLocationNames } from '../../locations/index.js';
import { PersonName } from '../../people/index.js';
import { useAssignments } from '../api/assets.api.js';

/** Every assignment of the asset, newest first as the server returns them. */
export function AssignmentHistory({ assetId }: { assetId: string }) {
  const assignments = useAssignments(assetId);
  const locations = useLocationNames();
  const items = assignments.data ?? [];
  return (
    <Paper withBorder p="md" data-testid="assignment-history">
      <Stack gap="sm">
        <Title order={5}>Assignment history</Title>
        <PageState isPending={assignments.isPending} error={assignments.error} />
        {assignments.data && items.length === 0 && (
          <Text size="sm" c="dimmed">
            Never assigned.
          </Text>
        )}
        {items.length > 0 && (
          <Table.ScrollContainer minWidth={640}>
            <Table fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Person</Table.Th>
                  <Table.Th>Location</Table.Th>
                  <Table.Th>Assigned</Table.Th>
                  <Table.Th>Due</Table.Th>
                  <Table.Th>Returned</Table.Th>
                  <Table.Th>Receipt</Table.Th>
                  <Table.Th>Note</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((a) => (
                  <Table.Tr key={a.id} data-testid="assignment-row" data-current={a.returnedAt === null}>
                    <Table.Td>{a.personId ? <PersonName id={a.personId} /> : '—'}</Table.Td>
                    <Table.Td>{a.locationId ? (locations.get(a.locationId) ?? a.locationId) : '—'}</Table.Td>
                    <Table.Td>{formatDateTime(a.assignedAt)}</Table.Td>
                    <Table.Td>
                      {formatDateTime(a.dueAt)}
                      {a.overdue && (
                        <Badge ml={4} size="xs" color="red">
                          overdue
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {a.returnedAt ? formatDateTime(a.returnedAt) : <Badge size="xs">current</Badge>}
                    </Table.Td>
                    <Table.Td>{a.acknowledgedAt ? formatDateTime(a.acknowledgedAt) : '—'}</Table.Td>
                    <Table.Td>{a.note ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}
