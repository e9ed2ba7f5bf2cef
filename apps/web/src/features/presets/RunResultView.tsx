import { Alert, Badge, Code, Group, Paper, Stack, Text } from '@mantine/core';
import { toJson, WRAP } from './editorDraft.js';
import type { RunResult, RunResultStatus } from './presets.types.js';

const COLOR: Record<RunResultStatus, string> = { succeeded: 'green', failed: 'red', dry_run: 'blue' };
const TITLE: Record<RunResultStatus, string> = {
  succeeded: 'Done',
  failed: 'Failed',
  dry_run: 'Dry run: nothing was sent',
};

/** What a run did (each request's status, the output) or, for a dry run, what it would send. */
export function RunResultView({ result, onClose }: { result: RunResult; onClose: () => void }) {
  const dry = result.status === 'dry_run';
  return (
    <Alert
      color={COLOR[result.status]}
      variant="light"
      withCloseButton
      onClose={onClose}
      data-testid="run-result"
      data-status={result.status}
      title={
        <Group gap="xs">
          <Text size="sm" fw={600}>
            {TITLE[result.status]}
          </Text>
          {result.replayed && (
            <Badge size="xs" variant="outline" color="gray" data-testid="run-replayed">
              already done — not sent again
            </Badge>
          )}
        </Group>
      }
    >
      <Stack gap="sm">
        {result.error && (
          <Text size="sm" c="red" data-testid="run-error">
            {result.error}
          </Text>
        )}
        <Stack gap="xs" data-testid="run-requests">
          {result.requests.map((r) => (
            <Paper
              key={r.name}
              withBorder
              p="xs"
              data-testid="run-request"
              data-name={r.name}
              data-status={r.status ?? ''}
            >
              <Stack gap={4}>
                <Group justify="space-between" gap="xs">
                  <Text size="xs" fw={600}>
                    {r.name}
                  </Text>
                  <Badge
                    size="sm"
                    variant="light"
                    color={r.status === null ? 'gray' : r.status < 400 ? 'green' : 'red'}
                    data-testid="run-request-status"
                  >
                    {r.status === null ? 'not sent' : `${r.status} · ${Math.round(r.durationMs)} ms`}
                  </Badge>
                </Group>
                <Code style={WRAP} data-testid="run-request-line">
                  {r.method} {r.url}
                </Code>
                {r.body !== undefined && (
                  <Code block style={WRAP} data-testid="run-request-body">
                    {toJson(r.body)}
                  </Code>
                )}
                {r.note && (
                  <Text size="xs" c="dimmed" data-testid="run-request-note">
                    {r.note}
                  </Text>
                )}
              </Stack>
            </Paper>
          ))}
        </Stack>
        {!dry && result.output !== undefined && (
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              Output
            </Text>
            <Code block style={WRAP} data-testid="run-output">
              {toJson(result.output)}
            </Code>
          </Stack>
        )}
      </Stack>
    </Alert>
  );
}
