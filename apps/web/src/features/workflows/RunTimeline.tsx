import { useState } from 'react';
import { Box, Button, Code, Collapse, Group, Paper, Stack, Text } from '@mantine/core';
import { formatDateTime } from '../../ui/format.js';
import { toJson } from './JsonField.js';
import { RunStatusBadge } from './RunStatusBadge.js';
import { formatDuration, RUN_COLORS, type StepBar } from './runTimeline.js';
import type { WorkflowRun } from './workflows.types.js';
import { timelineBars } from './runTimeline.js';

const WRAP = { whiteSpace: 'pre-wrap', wordBreak: 'break-all' } as const;

function StepRow({ bar, now }: { bar: StepBar; now: number }) {
  const { step } = bar;
  const [open, setOpen] = useState(step.status === 'failed');
  const hasDetails = step.output !== null && step.output !== undefined ? true : step.error !== null;
  const took = step.durationMs ?? (bar.open ? now - Date.parse(step.startedAt) : null);
  return (
    <Paper
      withBorder
      p="xs"
      data-testid="timeline-step"
      data-step-id={step.stepId}
      data-path={step.path}
      data-status={step.status}
    >
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <Text size="sm" fw={600} truncate title={step.path}>
              {step.path}
            </Text>
            <Text size="xs" c="dimmed">
              {step.type}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {step.attempts > 1 && (
              <Text size="xs" c="orange" data-testid="timeline-step-attempts">
                {step.attempts} attempts
              </Text>
            )}
            <Text size="xs" c="dimmed" data-testid="timeline-step-duration">
              {formatDuration(took)}
              {bar.open && step.status === 'running' ? '…' : ''}
            </Text>
            <RunStatusBadge status={step.status} testId="timeline-step-status" />
          </Group>
        </Group>
        <Box pos="relative" h={8} bg="var(--mantine-color-default-border)" style={{ borderRadius: 4 }}>
          <Box
            pos="absolute"
            top={0}
            h={8}
            left={`${bar.offset}%`}
            w={`${bar.width}%`}
            bg={`var(--mantine-color-${RUN_COLORS[step.status] ?? 'gray'}-6)`}
            style={{ borderRadius: 4, opacity: bar.open ? 0.6 : 1 }}
            data-testid="timeline-step-bar"
          />
        </Box>
        <Group justify="space-between" gap="xs">
          <Text size="xs" c="dimmed">
            started {formatDateTime(step.startedAt)}
            {step.status === 'waiting' && step.wakeAt && (
              <Text span size="xs" c="yellow.8" data-testid="timeline-step-wake">
                {' '}
                · waits until {formatDateTime(step.wakeAt)}
              </Text>
            )}
          </Text>
          {hasDetails && (
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={() => setOpen((o) => !o)}
              data-testid="timeline-step-toggle"
            >
              {open ? 'Hide' : step.error ? 'Error and output' : 'Output'}
            </Button>
          )}
        </Group>
        <Collapse expanded={open}>
          <Stack gap={4}>
            {step.error && (
              <Text size="sm" c="red" style={WRAP} data-testid="timeline-step-error">
                {step.error}
              </Text>
            )}
            {step.output !== null && step.output !== undefined && (
              <Code block style={WRAP} data-testid="timeline-step-output">
                {toJson(step.output)}
              </Code>
            )}
          </Stack>
        </Collapse>
      </Stack>
    </Paper>
  );
}

/** Each step of a run on one time axis: status, attempts, how long, and what it returned or why it failed. */
export function RunTimeline({ run }: { run: WorkflowRun }) {
  const now = Date.now();
  const bars = timelineBars(run, now);
  if (bars.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="timeline-empty">
        No step has started yet.
      </Text>
    );
  return (
    <Stack gap="xs" data-testid="run-timeline">
      {bars.map((bar) => (
        <StepRow key={bar.step.path} bar={bar} now={now} />
      ))}
    </Stack>
  );
}
