import { Badge } from '@mantine/core';
import type { Agent } from './agents.types.js';

/** Whether the agent is connected now (and how), offline, or revoked. */
export function PresenceBadge({ agent }: { agent: Pick<Agent, 'online' | 'status' | 'transport'> }) {
  const presence = agent.status === 'revoked' ? 'revoked' : agent.online ? 'online' : 'offline';
  const color = presence === 'online' ? 'teal' : presence === 'revoked' ? 'red' : 'gray';
  return (
    <Badge
      size="sm"
      variant="light"
      color={color}
      data-testid="agent-presence"
      data-presence={presence}
      data-transport={agent.transport ?? ''}
    >
      {presence === 'online' && agent.transport ? `online · ${agent.transport}` : presence}
    </Badge>
  );
}
