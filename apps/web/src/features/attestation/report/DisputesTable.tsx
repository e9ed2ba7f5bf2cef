import { Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { Dispute } from '../../../api/attestation.js';
import { AssetLink } from '../../assets/index.js';
import { PersonName } from '../../people/index.js';

/** Assets whose assignee says they do not have them: each one to chase. */
export function DisputesTable({ disputes }: { disputes: Dispute[] }) {
  return (
    <Paper withBorder p="md" data-testid="disputes">
      <Stack gap="sm">
        <Title order={4}>Disputed assets ({disputes.length})</Title>
        {disputes.length === 0 ? (
          <Text c="dimmed" size="sm" data-testid="disputes-empty">
            Nobody has said they do not have an asset.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={600}>
            <Table withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Asset</Table.Th>
                  <Table.Th>Assigned to</Table.Th>
                  <Table.Th>Their note</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {disputes.map((d) => (
                  <Table.Tr
                    key={`${d.personId}:${d.assetId}`}
                    data-testid="dispute-row"
                    data-asset-id={d.assetId}
                    data-person-id={d.personId}
                  >
                    <Table.Td>
                      <AssetLink id={d.assetId} />
                    </Table.Td>
                    <Table.Td>
                      <PersonName id={d.personId} />
                    </Table.Td>
                    <Table.Td data-testid="dispute-note">
                      {d.note ?? (
                        <Text span c="dimmed" size="sm">
                          —
                        </Text>
                      )}
                    </Table.Td>
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
