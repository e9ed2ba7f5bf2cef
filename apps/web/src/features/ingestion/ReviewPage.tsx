import { Badge, Button, Code, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { roleAtLeast } from '../../api/types.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { formatAge } from '../../ui/format.js';
import { PageState } from '../../ui/PageState.js';
import { useSession } from '../auth/index.js';
import { CandidateLink } from './CandidateLink.js';
import { useResolveReview, useReviewItems, type ReviewItem } from './ingestion.api.js';

/** Records that matched more than one entity: never merged silently, decided here by an admin. */
export function ReviewPage() {
  const items = useReviewItems('open');
  const session = useSession();
  const canDecide = roleAtLeast(session.role, 'admin');
  return (
    <Stack data-testid="review-page">
      <div>
        <Title order={2}>Review</Title>
        <Text c="dimmed" size="sm">
          Each record below matched more than one asset or person on the same kind of evidence. Link it to the
          right one, keep it apart as a new one, or merge the candidates if they are one thing (merges can be
          undone).
        </Text>
      </div>
      <PageState isPending={items.isPending} error={items.error} />
      {items.data?.length === 0 && (
        <Text data-testid="review-empty" c="dimmed">
          Nothing to review.
        </Text>
      )}
      {items.data?.map((item) => (
        <ReviewCard key={item.id} item={item} canDecide={canDecide} />
      ))}
    </Stack>
  );
}

function ReviewCard({ item, canDecide }: { item: ReviewItem; canDecide: boolean }) {
  const resolve = useResolveReview();
  const decide = (resolution: Parameters<typeof resolve.mutate>[0]['resolution']) =>
    resolve.mutate({ id: item.id, resolution });
  return (
    <Paper withBorder p="md" data-testid={`review-${item.record.source}-${item.record.recordKey}`}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Text fw={600}>
            {item.record.source} record {item.record.recordKey}
          </Text>
          <Group gap="xs">
            <Badge variant="light">{item.entityType}</Badge>
            <Text size="xs" c="dimmed">
              {formatAge(item.createdAt)}
            </Text>
          </Group>
        </Group>
        <Text size="sm">Queued because {item.reason}.</Text>
        <Code block>
          {JSON.stringify(
            { identifiers: item.record.identifiers, attributes: item.record.attributes },
            null,
            2,
          )}
        </Code>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Candidate</Table.Th>
              <Table.Th>Shared values</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {item.candidates.map((c) => (
              <Table.Tr key={c.entityId}>
                <Table.Td>
                  <CandidateLink type={item.entityType} id={c.entityId} />
                </Table.Td>
                <Table.Td>{c.values.join(', ')}</Table.Td>
                <Table.Td>
                  {canDecide && (
                    <Group gap="xs" justify="flex-end">
                      <Button
                        size="compact-sm"
                        variant="light"
                        loading={resolve.isPending}
                        onClick={() => decide({ action: 'link', entityId: c.entityId })}
                        data-testid={`link-${c.entityId}`}
                      >
                        Link here
                      </Button>
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        loading={resolve.isPending}
                        onClick={() => decide({ action: 'merge', survivorId: c.entityId })}
                        data-testid={`merge-into-${c.entityId}`}
                      >
                        Merge all into this
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {canDecide && (
          <Group>
            <Button
              size="compact-sm"
              variant="default"
              loading={resolve.isPending}
              onClick={() => decide({ action: 'keep_apart' })}
              data-testid="keep-apart"
            >
              Keep apart (a new {item.entityType})
            </Button>
          </Group>
        )}
        <ErrorAlert error={resolve.error} />
      </Stack>
    </Paper>
  );
}
