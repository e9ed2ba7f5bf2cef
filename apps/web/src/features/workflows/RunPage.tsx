import type { ReactNode } from 'react';
import {
  Anchor,
  Breadcrumbs,
  Button,
  Code,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { Link, useParams } from 'react-router-dom';
import { roleAtLeast } from '../../api/types.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { formatDateTime } from '../../ui/format.js';
import { PageState } from '../../ui/PageState.js';
import { useSession } from '../auth/index.js';
import { toJson } from './JsonField.js';
import { WORKFLOWS_PATH, workflowPath } from './paths.js';
import { RunStatusBadge } from './RunStatusBadge.js';
import { RunTimeline } from './RunTimeline.js';
import { formatDuration } from './runTimeline.js';
import { useCancelRun, useRun, useWorkflow } from './workflows.api.js';
import { isActive } from './workflows.types.js';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

/** One run: its status (asked again every second while it runs), each step on a timeline, and cancel. */
export function RunPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const run = useRun(id);
  const r = run.data;
  const workflow = useWorkflow(r?.workflowId ?? '');
  const cancel = useCancelRun();
  const kind = workflow.data?.definition.trigger.kind;
  const subjectPath =
    r?.subjectId && kind ? `/${kind === 'asset' ? 'assets' : 'people'}/${r.subjectId}` : null;
  return (
    <Stack data-testid="run-page" data-run-id={id} data-status={r?.status}>
      <Breadcrumbs>
        <Anchor component={Link} to={WORKFLOWS_PATH} size="sm">
          Workflows
        </Anchor>
        {r && (
          <Anchor
            component={Link}
            to={workflowPath(r.workflowId, 'runs')}
            size="sm"
            data-testid="run-workflow-link"
          >
            {workflow.data?.name ?? '…'}
          </Anchor>
        )}
        <Text size="sm">Run</Text>
      </Breadcrumbs>
      <PageState isPending={run.isPending} error={run.error} />
      {r && (
        <>
          <Group justify="space-between">
            <Group gap="sm">
              <Title order={3}>Run of {workflow.data?.name ?? 'a workflow'}</Title>
              <RunStatusBadge status={r.status} />
            </Group>
            {isActive(r.status) && roleAtLeast(session.role, 'operator') && (
              <Button
                color="red"
                variant="outline"
                onClick={() => cancel.mutate(r.id)}
                loading={cancel.isPending}
                data-testid="run-cancel"
              >
                Cancel run
              </Button>
            )}
          </Group>
          <ErrorAlert error={cancel.error} title="The run was not cancelled" />
          <Paper withBorder p="md">
            <SimpleGrid cols={{ base: 2, md: 5 }}>
              <Field label="Version">{r.version}</Field>
              <Field label="Started">{formatDateTime(r.createdAt)}</Field>
              <Field label="Finished">{formatDateTime(r.finishedAt)}</Field>
              <Field label="Took">
                {r.finishedAt ? formatDuration(Date.parse(r.finishedAt) - Date.parse(r.createdAt)) : '—'}
              </Field>
              <Field label="About">
                {subjectPath ? (
                  <Anchor component={Link} to={subjectPath} size="sm">
                    {r.subjectId}
                  </Anchor>
                ) : (
                  (r.subjectId ?? 'nothing in particular')
                )}
              </Field>
            </SimpleGrid>
            {r.error && (
              <Text c="red" size="sm" mt="sm" data-testid="run-error">
                {r.error}
              </Text>
            )}
          </Paper>
          <Title order={5}>Steps</Title>
          <RunTimeline run={r} />
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            {(['trigger', 'input', 'vars'] as const).map((k) => (
              <Stack key={k} gap={4}>
                <Text size="xs" c="dimmed">
                  {k === 'vars' ? 'Variables' : k === 'input' ? 'Input' : 'Trigger'}
                </Text>
                <Code block data-testid={`run-${k}`}>
                  {toJson(r[k])}
                </Code>
              </Stack>
            ))}
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
