import { Anchor, Button, Center, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { humanize } from '../../api/lifecycle.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { formatCount } from '../../ui/format.js';
import { PageState } from '../../ui/PageState.js';
import { StateBadge } from '../../ui/StateBadge.js';
import { usePersonAssets } from './people.api.js';

/** The assets assigned to a person. */
export function PersonAssets({ personId }: { personId: string }) {
  const assets = usePersonAssets(personId);
  const rows = assets.data?.pages.flatMap((p) => p.items) ?? [];
  const total = assets.data?.pages[0]?.total;
  return (
    <Paper withBorder p="md" data-testid="person-assets">
      <Stack gap="sm">
        <Title order={4}>
          Assets{' '}
          {total !== undefined && (
            <Text span c="dimmed" size="sm" data-testid="person-assets-total">
              ({formatCount(total)})
            </Text>
          )}
        </Title>
        <PageState isPending={assets.isPending} error={assets.data ? null : assets.error} />
        {assets.data && rows.length === 0 && (
          <Text c="dimmed" size="sm" data-testid="person-assets-empty">
            Nothing is assigned to this person.
          </Text>
        )}
        {rows.length > 0 && (
          <Table.ScrollContainer minWidth={640}>
            <Table highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Asset tag</Table.Th>
                  <Table.Th>Serial number</Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th>Model</Table.Th>
                  <Table.Th>Lifecycle</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((a) => (
                  <Table.Tr key={a.id} data-testid="person-asset-row" data-asset-id={a.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/assets/${encodeURIComponent(a.id)}`} size="sm">
                        {a.name ?? a.assetTag ?? a.serialNumber ?? a.id}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{a.assetTag ?? '—'}</Table.Td>
                    <Table.Td>{a.serialNumber ?? '—'}</Table.Td>
                    <Table.Td>{typeof a.deviceType === 'string' ? humanize(a.deviceType) : '—'}</Table.Td>
                    <Table.Td>{a.model ?? '—'}</Table.Td>
                    <Table.Td>
                      <StateBadge state={a.lifecycleState} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {assets.isFetchNextPageError && <ErrorAlert error={assets.error} />}
        {assets.hasNextPage && (
          <Center>
            <Button
              variant="default"
              size="xs"
              onClick={() => void assets.fetchNextPage()}
              loading={assets.isFetchingNextPage}
            >
              Load more
            </Button>
          </Center>
        )}
      </Stack>
    </Paper>
  );
}
