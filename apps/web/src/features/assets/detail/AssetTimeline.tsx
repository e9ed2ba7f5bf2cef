import { Paper, Title } from '@mantine/core';
import { AuditTimeline, type ValueRenderer } from '../../../ui/AuditTimeline.js';
import { useLocationNames } from '../../locations/index.js';
import { PersonName } from '../../people/index.js';
import { useAssetTimeline } from '../api/assets.api.js';

export function AssetTimeline({ assetId }: { assetId: string }) {
  const timeline = useAssetTimeline(assetId);
  const locations = useLocationNames();
  const renderValue: ValueRenderer = (field, value) => {
    if (typeof value !== 'string') return undefined;
    if (field === 'assignedPersonId') return <PersonName id={value} link={false} />;
    if (field === 'locationId') return locations.get(value);
    return undefined;
  };
  return (
    <Paper withBorder p="md" data-testid="asset-timeline">
      <Title order={5} mb="sm">
        Timeline
      </Title>
      <AuditTimeline
        events={timeline.data?.pages.flatMap((p) => p.items) ?? []}
        isPending={timeline.isPending}
        error={timeline.error}
        hasNextPage={timeline.hasNextPage}
        isFetchingNextPage={timeline.isFetchingNextPage}
        onLoadMore={() => void timeline.fetchNextPage()}
        renderValue={renderValue}
      />
    </Paper>
  );
}
