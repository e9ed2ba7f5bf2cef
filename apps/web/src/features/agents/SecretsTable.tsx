import { useState } from 'react';
import { Badge, Button, Code, Table, Text } from '@mantine/core';
import { ConfirmModal } from '../../ui/ConfirmModal.js';
import { formatAge, formatDateTime } from '../../ui/format.js';
import { PageState } from '../../ui/PageState.js';
import { useEnrollmentSecrets, useRevokeSecret } from './agents.api.js';
import type { EnrollmentSecret } from './agents.types.js';

function SecretState({ s }: { s: EnrollmentSecret }) {
  if (s.revokedAt)
    return (
      <Badge size="sm" color="red" variant="light" data-testid="secret-state" data-state="revoked">
        revoked
      </Badge>
    );
  if (s.expiresAt && Date.parse(s.expiresAt) < Date.now())
    return (
      <Badge size="sm" color="gray" variant="light" data-testid="secret-state" data-state="expired">
        expired
      </Badge>
    );
  return (
    <Badge size="sm" color="teal" variant="light" data-testid="secret-state" data-state="active">
      active
    </Badge>
  );
}

/** The enrolment secrets (never the secrets themselves, only their first characters), with revoke. */
export function SecretsTable() {
  const secrets = useEnrollmentSecrets();
  const revoke = useRevokeSecret();
  const [revoking, setRevoking] = useState<EnrollmentSecret | null>(null);
  if (!secrets.data) return <PageState isPending={secrets.isPending} error={secrets.error} />;
  if (secrets.data.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="secrets-empty">
        No enrolment secrets yet.
      </Text>
    );
  return (
    <>
      <Table striped data-testid="secrets-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Prefix</Table.Th>
            <Table.Th>Uses</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {secrets.data.map((s) => (
            <Table.Tr key={s.id} data-testid="secret-row" data-secret-id={s.id} data-prefix={s.prefix}>
              <Table.Td>{s.name}</Table.Td>
              <Table.Td>
                <Code>{s.prefix}…</Code>
              </Table.Td>
              <Table.Td data-testid="secret-uses">{s.uses}</Table.Td>
              <Table.Td title={formatDateTime(s.lastUsedAt)}>
                {s.lastUsedAt ? formatAge(s.lastUsedAt) : 'never'}
              </Table.Td>
              <Table.Td>{formatDateTime(s.expiresAt, 'never')}</Table.Td>
              <Table.Td>
                <SecretState s={s} />
              </Table.Td>
              <Table.Td>
                {!s.revokedAt && (
                  <Button
                    size="compact-xs"
                    color="red"
                    variant="light"
                    onClick={() => {
                      revoke.reset();
                      setRevoking(s);
                    }}
                    data-testid="secret-revoke"
                  >
                    Revoke
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ConfirmModal
        opened={revoking !== null}
        title="Revoke this enrolment secret?"
        confirmLabel="Revoke"
        pending={revoke.isPending}
        error={revoke.error}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
      >
        New devices can no longer enrol with <b>{revoking?.name}</b>. Agents already enrolled with it keep
        working.
      </ConfirmModal>
    </>
  );
}
