import { Text } from '@mantine/core';
import type { Run } from './connectors.types.js';
import { RUN_COUNT_KEYS } from './runFormat.js';

/** "120 read · 100 created · 20 updated · 0 unchanged · 0 failed", each count findable by its key. */
export function RunCountsText({ run }: { run: Pick<Run, 'counts'> }) {
  return (
    <Text size="xs" c="dimmed" data-testid="run-counts">
      {RUN_COUNT_KEYS.map((k, i) => (
        <span key={k}>
          {i > 0 ? ' · ' : ''}
          <span data-testid={`run-count-${k}`} data-count={run.counts[k] ?? 0}>
            {(run.counts[k] ?? 0).toLocaleString()}
          </span>{' '}
          {k}
        </span>
      ))}
    </Text>
  );
}
