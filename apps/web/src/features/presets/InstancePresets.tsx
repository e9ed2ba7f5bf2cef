import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, Tooltip } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { connectorKeys, type EntityActions, type EntityKind } from '../connectors/index.js';
import { usePresets } from './presets.api.js';
import type { Preset } from './presets.types.js';
import { RunPanel } from './RunPanel.js';

/**
 * On an asset's or a person's page, under one instance that reports it: the presets of that connector that
 * act on that kind of entity, each run in a dialog with the instance and the entity already chosen.
 */
export function InstancePresets({
  source,
  kind,
  entityId,
  entityName,
}: {
  source: EntityActions;
  kind: EntityKind;
  entityId: string;
  entityName: string;
}) {
  const queryClient = useQueryClient();
  const presets = usePresets('', source.connectorId);
  const [open, setOpen] = useState<Preset | null>(null);
  const items = (presets.data ?? []).filter(
    (p) => p.connectorId === source.connectorId && p.targetKind === kind,
  );
  if (items.length === 0) return null;
  // A preset run is recorded with the entity's actions (preset:<id>).
  const refresh = () => queryClient.invalidateQueries({ queryKey: connectorKeys.history(entityId) });
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
              On <b>{entityName}</b> through {source.instanceName} ({source.connectorTitle} record{' '}
              {source.recordKey}).
            </Text>
            <RunPanel
              preset={open}
              fixed={{ instanceId: source.instanceId, entity: { id: entityId, label: entityName } }}
              onRan={refresh}
            />
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}
