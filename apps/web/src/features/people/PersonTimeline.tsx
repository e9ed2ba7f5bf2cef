import { Paper, Title } from '@mantine/core';
import { AuditTimeline } from '../../ui/AuditTimeline.js';
import { usePersonTimeline } from './people.api.js';

export function PersonTimeline({ personId }: { personId: string }) {
  const timeline = usePersonTimeline(personId);
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="sm">
        Timeline
      </Title>
      <AuditTimeline
        events={timeline.data?.pages.flatMap((p) => p.items) ?? []}
        isPending={timeline.isPending}
        error={timeline.error}
        hasNextPage={timeline.hasNextPage}
        isFetchingNextPage={timeline.isFetchingNextPage}
        onLoadMore={() => void timeline.fetchNextPage()}
      />
    </Paper>
  );
}
