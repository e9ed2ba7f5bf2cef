import { Badge, Stack, Table, Text } from '@mantine/core';

const ROWS = [
  {
    role: 'owner',
    summary: 'Runs the tenant.',
    can: 'Everything an admin can, plus make other people owners and change or remove owners. A tenant always keeps at least one owner.',
  },
  {
    role: 'admin',
    summary: 'Manages access and configuration.',
    can: 'Everything an operator can, plus add and remove users, change roles up to admin, create and revoke API tokens, and read the audit log.',
  },
  {
    role: 'operator',
    summary: 'Does the day-to-day work.',
    can: 'Everything a viewer can, plus change records, run actions and workflows, and send tasks to agents.',
  },
  {
    role: 'viewer',
    summary: 'Looks, does not touch.',
    can: 'Read assets, people, connectors, workflows, agents and policies. Cannot change anything.',
  },
] as const;

/** A read-only explanation of the roles; each role may do everything the roles below it may. */
export function RolesPage() {
  return (
    <Stack data-testid="roles-page">
      <Text size="sm" c="dimmed">
        Roles are ordered: each one may do everything the roles below it may. People and API tokens both have
        a role, and nobody can grant a role higher than their own.
      </Text>
      <Table withTableBorder striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={130}>Role</Table.Th>
            <Table.Th>In short</Table.Th>
            <Table.Th>Permissions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ROWS.map((r) => (
            <Table.Tr key={r.role} data-testid={`role-row-${r.role}`}>
              <Table.Td>
                <Badge variant="light">{r.role}</Badge>
              </Table.Td>
              <Table.Td>{r.summary}</Table.Td>
              <Table.Td>{r.can}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
