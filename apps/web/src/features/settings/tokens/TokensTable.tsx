import { Badge, Button, Code, Table, Text } from '@mantine/core';
import type { ApiToken } from '../../../api/types.js';
import { formatDateTime } from '../../../ui/format.js';
import { tokenStatus, type TokenStatus } from './tokens.api.js';

const STATUS_COLOR: Record<TokenStatus, string> = { active: 'green', revoked: 'red', expired: 'gray' };

export function TokensTable({ tokens, onRevoke }: { tokens: ApiToken[]; onRevoke: (t: ApiToken) => void }) {
  if (tokens.length === 0) {
    return (
      <Text c="dimmed" data-testid="tokens-empty">
        No API tokens yet. Create one above to let a script, a reseller or another system call the API.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table withTableBorder highlightOnHover data-testid="tokens-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Prefix</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th aria-label="Actions" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tokens.map((t) => {
            const status = tokenStatus(t);
            return (
              <Table.Tr key={t.id} data-testid="token-row" data-token-id={t.id} data-token-name={t.name}>
                <Table.Td>{t.name}</Table.Td>
                <Table.Td>{t.role}</Table.Td>
                <Table.Td>
                  <Code>{t.prefix}…</Code>
                </Table.Td>
                <Table.Td>{formatDateTime(t.createdAt)}</Table.Td>
                <Table.Td>{formatDateTime(t.expiresAt, 'Never')}</Table.Td>
                <Table.Td>{formatDateTime(t.lastUsedAt, 'Never')}</Table.Td>
                <Table.Td>
                  <Badge
                    color={STATUS_COLOR[status]}
                    variant="light"
                    data-testid="token-status"
                    data-status={status}
                  >
                    {status}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {status === 'active' && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => onRevoke(t)}
                      data-testid="token-revoke"
                    >
                      Revoke
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
