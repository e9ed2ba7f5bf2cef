import { Badge, Loader } from '@mantine/core';
import type { EntryState } from './scanList.js';

const LOOK: Record<EntryState, { label: string; color: string }> = {
  pending: { label: 'Waiting to send', color: 'gray' },
  sending: { label: 'Sending', color: 'gray' },
  failed: { label: 'Not sent', color: 'red' },
  received: { label: 'Received', color: 'green' },
  already_received: { label: 'Already received', color: 'blue' },
  unmatched: { label: 'Not matched', color: 'red' },
  ambiguous: { label: 'Ambiguous', color: 'orange' },
};

export function stateLabel(state: EntryState): string {
  return LOOK[state].label;
}

/** What happened to one scanned serial, as a coloured badge with words (not colour alone). */
export function ReceiveResultBadge({ state }: { state: EntryState }) {
  const look = LOOK[state];
  return (
    <Badge
      color={look.color}
      variant={state === 'received' ? 'filled' : 'light'}
      leftSection={state === 'sending' ? <Loader size={10} color="gray" /> : undefined}
      data-testid="receive-status"
      data-status={state}
    >
      {look.label}
    </Badge>
  );
}
