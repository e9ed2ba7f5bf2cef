import { useMemo } from 'react';
import { Badge, Select, Table, Text } from '@mantine/core';
import { IGNORE, type AssetImportReport } from '../../../api/csv.js';
import type { CustomField } from '../../../api/records.js';
import { targetOptions } from './importMapping.js';

/** How each column is read: the server's own matching by default; each can be changed (which checks again). */
export function ColumnMapping({
  columns,
  unrecognised,
  customFields,
  disabled,
  onMap,
}: {
  columns: AssetImportReport['columns'];
  unrecognised: readonly string[];
  customFields: readonly CustomField[];
  disabled: boolean;
  onMap: (header: string, target: string) => void;
}) {
  const options = useMemo(() => targetOptions(customFields), [customFields]);
  const known = useMemo(() => new Set(options.flatMap((g) => g.items.map((i) => i.value))), [options]);
  return (
    <Table withTableBorder data-testid="import-columns">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Column in the file</Table.Th>
          <Table.Th>Imported as</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {columns.map((c) => {
          const data = known.has(c.target)
            ? options
            : [...options, { group: 'Current', items: [{ value: c.target, label: c.target }] }];
          return (
            <Table.Tr
              key={c.header}
              data-testid="import-column"
              data-header={c.header}
              data-target={c.target}
            >
              <Table.Td>
                <Text size="sm" ff="monospace" span>
                  {c.header || '(no header)'}
                </Text>
                {unrecognised.includes(c.header) && c.target === IGNORE && (
                  <Badge ml="xs" size="xs" color="yellow" variant="light" data-testid="import-unrecognised">
                    not recognised
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                <Select
                  aria-label={`Import the column ${c.header} as`}
                  data={data}
                  value={c.target}
                  onChange={(v) => v && v !== c.target && onMap(c.header, v)}
                  allowDeselect={false}
                  searchable
                  disabled={disabled}
                  size="xs"
                  w={280}
                  data-testid="import-column-target"
                />
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
