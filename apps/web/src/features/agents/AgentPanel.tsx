import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { formatAge, formatDateTime } from '../../ui/format.js';
import { useAgentForAsset } from './agents.api.js';
import { AgentTaskHistory } from './AgentTaskHistory.js';
import { InventoryNow } from './InventoryNow.js';
import { AGENTS_PATH } from './paths.js';
import { PresenceBadge } from './PresenceBadge.js';

/** On an asset's page: the agent reporting for the device, live, with "Inventory now" and its task history. */
export function AgentPanel({ assetId, canOperate }: { assetId: string; canOperate: boolean }) {
  const agent = useAgentForAsset(assetId);
  if (agent.isPending || agent.error) return null;
  const a = agent.data;
  if (!a)
    return (
      <Text size="xs" c="dimmed" data-testid="agent-panel-none">
        No Steward agent reports for this device.{' '}
        <Anchor component={Link} to={AGENTS_PATH} size="xs">
          Enrol one
        </Anchor>
      </Text>
    );
  return (
    <Paper
      withBorder
      p="md"
      data-testid="agent-panel"
      data-agent-id={a.id}
      data-online={a.online ? 'true' : 'false'}
      data-status={a.status}
    >
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={5}>Agent</Title>
          <PresenceBadge agent={a} />
        </Group>
        <Text size="sm" data-testid="agent-panel-summary">
          {a.hostname} · {a.platform} · agent {a.agentVersion}
        </Text>
        <Text size="xs" c="dimmed" title={formatDateTime(a.lastSeenAt)} data-testid="agent-panel-last-seen">
          {a.online && a.connectedAt ? `Connected since ${formatDateTime(a.connectedAt)}; ` : ''}
          last seen {a.lastSeenAt ? formatAge(a.lastSeenAt) : 'never'}
        </Text>
        {a.status === 'active' && <InventoryNow assetId={assetId} canOperate={canOperate} />}
        <AgentTaskHistory assetId={assetId} />
      </Stack>
    </Paper>
  );
}
