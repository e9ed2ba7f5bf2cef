import { Group, Text } from '@mantine/core';
import { stateLabel } from './ReceiveResultBadge.js';
import { tally, type EntryState, type ScanEntry } from './scanList.js';

const SHOWN: { state: EntryState; color: string }[] = [
  { state: 'received', color: 'green' },
  { state: 'already_received', color: 'blue' },
  { state: 'unmatched', color: 'red' },
  { state: 'ambiguous', color: 'orange' },
  { state: 'failed', color: 'red' },
  { state: 'pending', color: 'dimmed' },
];

/** The session in numbers: how many were received, already received, not matched, …. */
export function ScanTally({ entries }: { entries: readonly ScanEntry[] }) {
  const t = tally(entries);
  return (
    <Group gap="md" data-testid="scan-tally">
      {SHOWN.filter((s) => t[s.state] > 0).map((s) => (
        <Text key={s.state} size="sm" c={s.color} data-testid={`tally-${s.state}`} data-count={t[s.state]}>
          <b>{t[s.state]}</b> {stateLabel(s.state).toLowerCase()}
        </Text>
      ))}
    </Group>
  );
}
