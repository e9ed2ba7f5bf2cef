import { Alert, Code, Group, Paper, Stack, Text } from '@mantine/core';
import { toJson } from './JsonField.js';
import { RunStatusBadge } from './RunStatusBadge.js';
import type { DryRun } from './workflows.types.js';

const WRAP = { whiteSpace: 'pre-wrap', wordBreak: 'break-all' } as const;

/** A dry run: each step it reached, what it would do (or why it would fail), and where it would go next. */
export function DryRunView({ result, onClose }: { result: DryRun; onClose: () => void }) {
  const failed = result.steps.some((s) => s.error !== null);
  return (
    <Alert
      color={failed ? 'red' : 'blue'}
      variant="light"
      withCloseButton
      onClose={onClose}
      title="Dry run: nothing was done"
      data-testid="dry-run-result"
      data-failed={failed || undefined}
    >
      <Stack gap="xs">
        {result.steps.map((s) => (
          <Paper
            key={s.path}
            withBorder
            p="xs"
            data-testid="dry-run-step"
            data-step-id={s.stepId}
            data-path={s.path}
          >
            <Stack gap={4}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600} truncate>
                    {s.path}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {s.type}
                  </Text>
                </Group>
                {s.error ? (
                  <RunStatusBadge status="failed" testId="dry-run-step-status" />
                ) : (
                  <Text size="xs" c="dimmed" data-testid="dry-run-step-next">
                    then {s.next ?? 'ends'}
                  </Text>
                )}
              </Group>
              {s.error && (
                <Text size="sm" c="red" style={WRAP} data-testid="dry-run-step-error">
                  {s.error}
                </Text>
              )}
              {s.would && (
                <Code block style={WRAP} data-testid="dry-run-step-would">
                  {toJson(s.would)}
                </Code>
              )}
            </Stack>
          </Paper>
        ))}
        {result.truncated && (
          <Text size="xs" c="dimmed" data-testid="dry-run-truncated">
            Stopped at its step limit; a real run goes on.
          </Text>
        )}
        {Object.keys(result.vars).length > 0 && (
          <Stack gap={2}>
            <Text size="xs" c="dimmed">
              Variables at the end
            </Text>
            <Code block style={WRAP} data-testid="dry-run-vars">
              {toJson(result.vars)}
            </Code>
          </Stack>
        )}
      </Stack>
    </Alert>
  );
}
