import { Badge } from '@mantine/core';
import { isLifecycleState, STATE_COLORS, stateLabel } from '../api/lifecycle.js';

/** An asset's lifecycle state as a coloured badge. */
export function StateBadge({
  state,
  size = 'sm',
}: {
  state: string | null | undefined;
  size?: 'xs' | 'sm' | 'md' | 'lg';
}) {
  if (!state) return null;
  return (
    <Badge
      size={size}
      variant="light"
      color={isLifecycleState(state) ? STATE_COLORS[state] : 'gray'}
      data-testid="state-badge"
      data-state={state}
    >
      {stateLabel(state)}
    </Badge>
  );
}
