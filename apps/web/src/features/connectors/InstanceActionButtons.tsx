import { Button, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { EntityAction, EntityActions } from './connectors.types.js';

/** The actions one instance can run on the entity, as buttons (destructive ones red, admin only). */
export function InstanceActionButtons({
  source,
  canOperate,
  canAdmin,
  busy,
  onPick,
}: {
  source: EntityActions;
  canOperate: boolean;
  canAdmin: boolean;
  /** The action being dispatched without a dialog, if any. */
  busy: string | null;
  onPick: (action: EntityAction) => void;
}) {
  return (
    <Stack
      gap={6}
      data-testid="connector-actions-instance"
      data-instance-id={source.instanceId}
      data-instance-name={source.instanceName}
    >
      <Text size="sm">
        <b>{source.instanceName}</b>{' '}
        <Text span size="xs" c="dimmed">
          {source.connectorTitle} · record {source.recordKey}
        </Text>
      </Text>
      <Group gap="xs">
        {source.actions.map((a) => {
          const allowed = a.destructive ? canAdmin : canOperate;
          const button = (
            <Button
              key={a.name}
              size="compact-sm"
              variant={a.destructive ? 'outline' : 'light'}
              color={a.destructive ? 'red' : undefined}
              disabled={!allowed}
              loading={busy === `${source.instanceId}:${a.name}`}
              onClick={() => onPick(a)}
              data-testid={`action-${a.name}`}
            >
              {a.title}
            </Button>
          );
          const hint = !allowed ? `Needs the ${a.destructive ? 'admin' : 'operator'} role` : a.description;
          return hint ? (
            <Tooltip key={a.name} label={hint} multiline w={280} withinPortal>
              <span>{button}</span>
            </Tooltip>
          ) : (
            button
          );
        })}
      </Group>
    </Stack>
  );
}
