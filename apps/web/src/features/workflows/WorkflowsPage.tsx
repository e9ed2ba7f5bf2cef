import { useState } from 'react';
import { Anchor, Button, Group, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { roleAtLeast } from '../../api/types.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { formatDateTime } from '../../ui/format.js';
import { PageState } from '../../ui/PageState.js';
import { useSession } from '../auth/index.js';
import { NewBlankModal, NewFromTemplateModal } from './NewWorkflowModals.js';
import { runPath, workflowPath } from './paths.js';
import { RunStatusBadge } from './RunStatusBadge.js';
import { useRuns, useSetEnabled, useWorkflows } from './workflows.api.js';
import type { WorkflowSummary } from './workflows.types.js';

function LastRun({ workflowId }: { workflowId: string }) {
  const runs = useRuns(workflowId, 1);
  const last = runs.data?.[0];
  if (!last)
    return (
      <Text size="xs" c="dimmed" data-testid="workflow-last-run" data-status="">
        {runs.isPending ? '…' : 'never run'}
      </Text>
    );
  return (
    <Group gap={6} data-testid="workflow-last-run" data-status={last.status}>
      <RunStatusBadge status={last.status} />
      <Anchor component={Link} to={runPath(last.id)} size="xs">
        {formatDateTime(last.createdAt)}
      </Anchor>
    </Group>
  );
}

function Row({
  w,
  canAdmin,
  onToggle,
}: {
  w: WorkflowSummary;
  canAdmin: boolean;
  onToggle: (enabled: boolean) => void;
}) {
  return (
    <Table.Tr data-testid="workflow-row" data-workflow-id={w.id}>
      <Table.Td>
        <Anchor component={Link} to={workflowPath(w.id)} fw={600} data-testid="workflow-link">
          {w.name}
        </Anchor>
      </Table.Td>
      <Table.Td data-testid="workflow-trigger">{w.triggerType}</Table.Td>
      <Table.Td>
        <Switch
          checked={w.enabled}
          onChange={(e) => onToggle(e.currentTarget.checked)}
          disabled={!canAdmin}
          aria-label={`${w.enabled ? 'Disable' : 'Enable'} ${w.name}`}
          data-testid="workflow-enabled"
        />
      </Table.Td>
      <Table.Td data-testid="workflow-version">{w.version}</Table.Td>
      <Table.Td>
        <LastRun workflowId={w.id} />
      </Table.Td>
    </Table.Tr>
  );
}

/** Every workflow: its trigger, whether it is on, its version and how its last run went. */
export function WorkflowsPage() {
  const session = useSession();
  const workflows = useWorkflows();
  const setEnabled = useSetEnabled();
  const [creating, setCreating] = useState<'template' | 'blank' | null>(null);
  const canAdmin = roleAtLeast(session.role, 'admin');
  return (
    <Stack data-testid="workflows-page">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2}>Workflows</Title>
          <Text size="sm" c="dimmed" maw={720}>
            When something happens (a record changes, a date approaches, a schedule, a webhook, a person) do
            something everywhere. Each save is a new version; a run keeps the version it started with.
          </Text>
        </Stack>
        {canAdmin && (
          <Group gap="xs">
            <Button variant="default" onClick={() => setCreating('blank')} data-testid="workflow-new-blank">
              New blank
            </Button>
            <Button onClick={() => setCreating('template')} data-testid="workflow-new-template">
              New from template
            </Button>
          </Group>
        )}
      </Group>
      <ErrorAlert error={setEnabled.error} title="Could not switch the workflow" />
      <PageState isPending={workflows.isPending} error={workflows.error} />
      {workflows.data && workflows.data.length === 0 && (
        <Text c="dimmed" data-testid="workflows-empty">
          There are no workflows yet. Start from one of the shipped playbooks.
        </Text>
      )}
      {workflows.data && workflows.data.length > 0 && (
        <Table striped highlightOnHover data-testid="workflows-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Trigger</Table.Th>
              <Table.Th>Enabled</Table.Th>
              <Table.Th>Version</Table.Th>
              <Table.Th>Last run</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {workflows.data.map((w) => (
              <Row
                key={w.id}
                w={w}
                canAdmin={canAdmin}
                onToggle={(enabled) => setEnabled.mutate({ id: w.id, enabled })}
              />
            ))}
          </Table.Tbody>
        </Table>
      )}
      <NewFromTemplateModal opened={creating === 'template'} onClose={() => setCreating(null)} />
      <NewBlankModal opened={creating === 'blank'} onClose={() => setCreating(null)} />
    </Stack>
  );
}
