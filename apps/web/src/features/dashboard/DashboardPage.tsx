import { SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { LIFECYCLE_STATES, STATE_LABELS } from '../../api/lifecycle.js';
import { PageState } from '../../ui/PageState.js';
import { useAssetCounts } from '../assets/index.js';
import { CountTile } from './CountTile.js';

export function DashboardPage() {
  const counts = useAssetCounts();
  return (
    <Stack data-testid="dashboard-page">
      <div>
        <Title order={2}>Dashboard</Title>
        <Text size="sm" c="dimmed">
          Your assets by lifecycle state. Click a number to see those assets.
        </Text>
      </div>
      <PageState isPending={counts.isPending} error={counts.error} />
      {counts.data && (
        <SimpleGrid cols={{ base: 2, sm: 3, md: 5 }} data-testid="dashboard-counts">
          <CountTile label="All assets" count={counts.data.total} to="/assets" testId="count-total" />
          {LIFECYCLE_STATES.map((s) => (
            <CountTile
              key={s}
              label={STATE_LABELS[s]}
              count={counts.data.byLifecycleState[s] ?? 0}
              to={`/assets?lifecycleState=${s}`}
              testId={`count-${s}`}
            />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
