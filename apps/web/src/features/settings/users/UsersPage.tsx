import { useState } from 'react';
import { Badge, Button, Group, Select, Stack, Table, Text } from '@mantine/core';
import { ROLES, roleAtLeast, type Member, type Role } from '../../../api/types.js';
import { ConfirmModal } from '../../../ui/ConfirmModal.js';
import { ErrorAlert } from '../../../ui/ErrorAlert.js';
import { formatDateTime } from '../../../ui/format.js';
import { PageState } from '../../../ui/PageState.js';
import { useSession } from '../../auth/index.js';
import { AddUserModal } from './AddUserModal.js';
import { useChangeRole, useMembers, useRemoveMember } from './users.api.js';

export function UsersPage() {
  const session = useSession();
  const members = useMembers();
  const changeRole = useChangeRole();
  const remove = useRemoveMember();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Member | null>(null);
  const grantable = ROLES.filter((r) => roleAtLeast(session.role, r));
  const manageable = (m: Member) => roleAtLeast(session.role, m.role);

  const closeRemove = () => {
    setRemoving(null);
    remove.reset();
  };

  return (
    <Stack data-testid="users-page">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          The people who can sign in to {session.tenant.name}, and their roles.
        </Text>
        <Button onClick={() => setAdding(true)} data-testid="user-add">
          Add user
        </Button>
      </Group>
      {changeRole.error && <ErrorAlert error={changeRole.error} title="Could not change the role" />}
      <PageState isPending={members.isPending} error={members.error} />
      {members.data && (
        <Table.ScrollContainer minWidth={700}>
          <Table withTableBorder highlightOnHover data-testid="users-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Added</Table.Th>
                <Table.Th aria-label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {members.data.map((m) => (
                <Table.Tr key={m.id} data-testid="user-row" data-user-email={m.email}>
                  <Table.Td>
                    {m.name}{' '}
                    {m.id === session.user.id && (
                      <Badge size="xs" variant="outline">
                        you
                      </Badge>
                    )}{' '}
                    {m.disabled && (
                      <Badge size="xs" color="gray">
                        disabled
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{m.email}</Table.Td>
                  <Table.Td>
                    <Select
                      size="xs"
                      w={130}
                      aria-label={`Role of ${m.email}`}
                      data={manageable(m) ? grantable : [m.role]}
                      value={m.role}
                      disabled={!manageable(m) || changeRole.isPending}
                      allowDeselect={false}
                      onChange={(v) => v && v !== m.role && changeRole.mutate({ id: m.id, role: v as Role })}
                      data-testid="user-role-select"
                    />
                  </Table.Td>
                  <Table.Td>{formatDateTime(m.createdAt)}</Table.Td>
                  <Table.Td>
                    {manageable(m) && m.id !== session.user.id && (
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        onClick={() => setRemoving(m)}
                        data-testid="user-remove"
                      >
                        Remove
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <AddUserModal opened={adding} onClose={() => setAdding(false)} />
      <ConfirmModal
        opened={removing !== null}
        title="Remove user"
        confirmLabel="Remove"
        onConfirm={() => removing && remove.mutate(removing.id, { onSuccess: () => setRemoving(null) })}
        onCancel={closeRemove}
        pending={remove.isPending}
        error={remove.error}
      >
        Remove <b>{removing?.email}</b> from {session.tenant.name}? They will be signed out and can no longer
        sign in.
      </ConfirmModal>
    </Stack>
  );
}
