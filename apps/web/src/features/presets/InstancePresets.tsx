import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, Tooltip } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { connectorKeys, type EntityActions } from '../connectors/index.js';
import { usePresets } from './presets.api.js';
import type { Preset } from './presets.types.js';
import { RunPanel } from './RunPanel.js';

/**
 * On an asset's page, under one instance that reports it: the presets of that connector that act on an
 * asset, each run in a dialog with the instance and the asset already chosen.
 */
export function InstancePresets({
  source,
  assetId,
  deviceName,
}: {
  source: EntityActions;
  assetId: string;
  deviceName: string;
}) {
  const queryClient = useQueryClient();
  const presets = usePresets('', source.connectorId);
  const [open, setOpen] = useState<Preset | null>(null);
  const items = (presets.data ?? []).filter(
    (p) => p.connectorId === source.connectorId && p.targetKind === 'asset',
  );
  if (items.length === 0) return null;
  // A preset run is recorded with the asset's actions (preset:<id>).
  const refresh = () => queryClient.invalidateQueries({ queryKey: connectorKeys.history(assetId) });
  return (
    <Stack gap={4} data-testid="instance-presets" data-instance-id={source.instanceId}>
      <Text size="xs" c="dimmed">
        Presets
      </Text>
      <Group gap="xs">
        {items.map((p) => (
          <Tooltip key={p.id} label={p.description || p.name} multiline w={280} withinPortal>
            <Button
              size="compact-sm"
              variant="subtle"
              color={p.destructive ? 'red' : undefined}
              onClick={() => setOpen(p)}
              data-testid="instance-preset"
              data-preset-id={p.id}
            >
              {p.name}
            </Button>
          </Tooltip>
        ))}
      </Group>
      {open && (
        <Modal opened onClose={() => setOpen(null)} title={open.name} centered size="lg">
          <Stack data-testid="preset-run-dialog">
            <Text size="sm">
              On <b>{deviceName}</b> through {source.instanceName} ({source.connectorTitle} record{' '}
              {source.recordKey}).
            </Text>
            <RunPanel
              preset={open}
              fixed={{ instanceId: source.instanceId, entity: { id: assetId, label: deviceName } }}
              onRan={refresh}
            />
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}
