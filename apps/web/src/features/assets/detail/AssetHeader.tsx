import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { humanize } from '../../../api/lifecycle.js';
import type { Asset } from '../../../api/records.js';
import { StateBadge } from '../../../ui/StateBadge.js';

export function assetTitle(asset: Asset): string {
  return String(asset.name ?? asset.assetTag ?? asset.serialNumber ?? asset.id);
}

export function AssetHeader({ asset }: { asset: Asset }) {
  return (
    <Stack gap={4} data-testid="asset-header">
      <Group gap="sm" align="center">
        <Title order={2} data-testid="asset-title">
          {assetTitle(asset)}
        </Title>
        <StateBadge state={asset.lifecycleState} size="lg" />
        {asset.legalHold && (
          <Badge color="red" variant="filled" size="lg" data-testid="asset-legal-hold">
            Legal hold
          </Badge>
        )}
      </Group>
      <Group gap="md">
        <Text size="sm" c="dimmed">
          Serial <b data-testid="asset-serial">{asset.serialNumber ?? '—'}</b>
        </Text>
        {asset.assetTag && (
          <Text size="sm" c="dimmed">
            Tag <b>{asset.assetTag}</b>
          </Text>
        )}
        <Text size="sm" c="dimmed">
          {humanize(asset.kind)}
          {typeof asset.deviceType === 'string' ? ` · ${humanize(asset.deviceType)}` : ''}
          {asset.model ? ` · ${String(asset.model)}` : ''}
        </Text>
        <Text size="xs" c="dimmed">
          version {asset.version}
        </Text>
      </Group>
    </Stack>
  );
}
