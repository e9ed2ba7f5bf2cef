import { Anchor, Button, Group, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { formatAge, formatBytes, formatDateTime } from '../../ui/format.js';
import type { Agent } from './agents.types.js';
import { assetPagePath } from './paths.js';
import { PresenceBadge } from './PresenceBadge.js';

export interface AgentRowProps {
  agent: Agent;
  canOperate: boolean;
  canAdmin: boolean;
  /** What the last "Check in now" for this agent answered, if it was asked. */
  checkin: 'pending' | 'delivered' | 'offline' | null;
  onCheckin: () => void;
  onRevoke: () => void;
}

export function AgentRow({ agent, canOperate, canAdmin, checkin, onCheckin, onRevoke }: AgentRowProps) {
  const active = agent.status === 'active';
  return (
    <Table.Tr
      data-testid="agent-row"
      data-agent-id={agent.id}
      data-online={agent.online ? 'true' : 'false'}
      data-status={agent.status}
    >
      <Table.Td>
        {agent.assetId ? (
          <Anchor component={Link} to={assetPagePath(agent.assetId)} fw={600} data-testid="agent-hostname">
            {agent.hostname}
          </Anchor>
        ) : (
          <Text fw={600} data-testid="agent-hostname">
            {agent.hostname}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{agent.platform}</Table.Td>
      <Table.Td data-testid="agent-version">{agent.agentVersion}</Table.Td>
      <Table.Td>
        <PresenceBadge agent={agent} />
      </Table.Td>
      <Table.Td title={formatDateTime(agent.lastSeenAt)} data-testid="agent-last-seen">
        {agent.lastSeenAt ? formatAge(agent.lastSeenAt) : 'never'}
      </Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed">
          ↓ {formatBytes(agent.bytesIn)} · ↑ {formatBytes(agent.bytesOut)}
        </Text>
      </Table.Td>
      <Table.Td>
        {active && (
          <Group gap="xs" justify="flex-end" wrap="nowrap">
            {checkin === 'delivered' && (
              <Text size="xs" c="teal" data-testid="agent-checkin-result">
                asked
              </Text>
            )}
            {checkin === 'offline' && (
              <Text size="xs" c="dimmed" data-testid="agent-checkin-result">
                offline; it checks in when it connects
              </Text>
            )}
            {canOperate && (
              <Button
                size="compact-xs"
                variant="default"
                onClick={onCheckin}
                loading={checkin === 'pending'}
                data-testid="agent-checkin"
              >
                Check in now
              </Button>
            )}
            {canAdmin && (
              <Button
                size="compact-xs"
                color="red"
                variant="light"
                onClick={onRevoke}
                data-testid="agent-revoke"
              >
                Revoke
              </Button>
            )}
          </Group>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
