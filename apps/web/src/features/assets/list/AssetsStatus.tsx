import { Group, Loader, Text } from '@mantine/core';
import { formatCount } from '../../../ui/format.js';

/** The line under the table: how many rows are loaded out of how many match, and whether more are coming. */
export function AssetsStatus({
  loaded,
  total,
  loadingMore,
  hasMore,
}: {
  loaded: number;
  total: number | undefined;
  loadingMore: boolean;
  hasMore: boolean;
}) {
  return (
    <Group gap="xs" justify="space-between" data-testid="assets-status" data-loaded={loaded}>
      <Text size="xs" c="dimmed">
        {formatCount(loaded)} loaded{total !== undefined ? ` of ${formatCount(total)}` : ''}
        {hasMore && !loadingMore ? ' · scroll for more' : ''}
      </Text>
      {loadingMore && (
        <Group gap={6} data-testid="assets-loading-more">
          <Loader size={12} />
          <Text size="xs" c="dimmed">
            Loading more…
          </Text>
        </Group>
      )}
    </Group>
  );
}
