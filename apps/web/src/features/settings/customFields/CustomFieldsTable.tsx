import { Badge, Button, Code, Group, Table, Text } from '@mantine/core';
import type { CustomField } from '../../../api/records.js';
import { formatDateTime } from '../../../ui/format.js';
import { typeLabel } from './fieldKey.js';

export function CustomFieldsTable({
  fields,
  canManage,
  onDelete,
}: {
  fields: CustomField[];
  canManage: boolean;
  onDelete: (f: CustomField) => void;
}) {
  if (fields.length === 0) {
    return (
      <Text c="dimmed" data-testid="cf-empty">
        No custom fields yet.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table withTableBorder data-testid="cf-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Label</Table.Th>
            <Table.Th>Key</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Allowed values</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th aria-label="Actions" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {fields.map((f) => (
            <Table.Tr key={f.id} data-testid="cf-row" data-cf-key={f.key}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {f.label}{' '}
                  {f.required && (
                    <Badge size="xs" variant="light">
                      required
                    </Badge>
                  )}
                </Text>
                {f.description && (
                  <Text size="xs" c="dimmed">
                    {f.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Code>{f.key}</Code>
              </Table.Td>
              <Table.Td>{typeLabel(f.type)}</Table.Td>
              <Table.Td>
                {f.values ? (
                  <Group gap={4}>
                    {f.values.map((v) => (
                      <Badge key={v} size="xs" variant="outline" tt="none">
                        {v}
                      </Badge>
                    ))}
                  </Group>
                ) : (
                  '—'
                )}
              </Table.Td>
              <Table.Td>{formatDateTime(f.createdAt)}</Table.Td>
              <Table.Td>
                {canManage && (
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    onClick={() => onDelete(f)}
                    data-testid="cf-delete"
                  >
                    Delete
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
