import { ScrollArea, Table, Text } from '@mantine/core';
import type { ImportError } from '../../../api/csv.js';

/** Every row at fault: its line in the file (the header is line 1), the column, and why. */
export function ImportErrors({ errors }: { errors: ImportError[] }) {
  if (errors.length === 0) return null;
  return (
    <ScrollArea.Autosize mah={300} type="auto">
      <Table withTableBorder striped fz="sm" data-testid="import-errors">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={70}>Line</Table.Th>
            <Table.Th w={180}>Column</Table.Th>
            <Table.Th>Problem</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {errors.map((e, i) => (
            <Table.Tr
              key={`${e.line}:${e.column ?? ''}:${i}`}
              data-testid="import-error"
              data-line={e.line}
              data-column={e.column ?? ''}
            >
              <Table.Td>{e.line}</Table.Td>
              <Table.Td>
                {e.column ?? (
                  <Text span size="sm" c="dimmed">
                    whole row
                  </Text>
                )}
              </Table.Td>
              <Table.Td data-testid="import-error-reason">{e.reason}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}
