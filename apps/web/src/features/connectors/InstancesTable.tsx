import { Table, Text } from '@mantine/core';
import type { Instance } from './connectors.types.js';
import { InstanceRow } from './InstanceRow.js';

export function InstancesTable({
  instances,
  canOperate,
  canAdmin,
}: {
  instances: Instance[];
  canOperate: boolean;
  canAdmin: boolean;
}) {
  if (instances.length === 0)
    return (
      <Text c="dimmed" data-testid="instances-empty">
        No connectors yet. Add one to pull devices and people from Jamf, Intune, Okta, CrowdStrike and more.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table withTableBorder highlightOnHover verticalSpacing="sm" data-testid="instances-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Connector</Table.Th>
            <Table.Th>Last run</Table.Th>
            <Table.Th>Last run at</Table.Th>
            <Table.Th>Next sync</Table.Th>
            <Table.Th>Enabled</Table.Th>
            <Table.Th aria-label="Actions" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {instances.map((i) => (
            <InstanceRow key={i.id} instance={i} canOperate={canOperate} canAdmin={canAdmin} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
