import { useState } from 'react';
import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { formatDateTime } from '../../ui/format.js';
import { PageState } from '../../ui/PageState.js';
import {
  assigneeLabel,
  useApprovals,
  useDecide,
  type Approval,
  type ApprovalFilter,
  type Decision,
} from './approvals.api.js';
import { runPath, workflowPath } from './paths.js';

const STATUS_COLORS: Record<string, string> = {
  pending: 'yellow',
  approved: 'green',
  rejected: 'red',
  expired: 'gray',
  escalated: 'orange',
  cancelled: 'gray',
};

function subjectPath(s: NonNullable<Approval['subject']>): string | null {
  if (s.kind === 'asset') return `/assets/${encodeURIComponent(s.id)}`;
  if (s.kind === 'person') return `/people/${encodeURIComponent(s.id)}`;
  return null;
}

function Decide({ approval }: { approval: Approval }) {
  const decide = useDecide();
  const [comment, setComment] = useState('');
  const go = (decision: Decision) =>
    decide.mutate({ id: approval.id, decision, comment: comment.trim() || undefined });
  const pending = (d: Decision) => decide.isPending && decide.variables?.decision === d;
  return (
    <Stack gap="xs">
      <Textarea
        placeholder="Comment (optional)"
        aria-label="Comment"
        value={comment}
        onChange={(e) => setComment(e.currentTarget.value)}
        autosize
        minRows={1}
        maxLength={2000}
        data-testid="approval-comment"
      />
      <ErrorAlert error={decide.error} title="The decision was not recorded" testId="approval-error" />
      <Group justify="flex-end" gap="xs">
        <Button
          color="red"
          variant="outline"
          onClick={() => go('reject')}
          loading={pending('reject')}
          disabled={decide.isPending && !pending('reject')}
          data-testid="approval-reject"
        >
          Reject
        </Button>
        <Button
          color="green"
          onClick={() => go('approve')}
          loading={pending('approve')}
          disabled={decide.isPending && !pending('approve')}
          data-testid="approval-approve"
        >
          Approve
        </Button>
      </Group>
    </Stack>
  );
}

function ApprovalCard({ approval: a }: { approval: Approval }) {
  const link = a.subject ? subjectPath(a.subject) : null;
  return (
    <Paper withBorder p="md" data-testid="approval" data-approval-id={a.id} data-status={a.status}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2}>
            <Text fw={600} data-testid="approval-title">
              {a.title}
            </Text>
            <Text size="xs" c="dimmed">
              <Anchor component={Link} to={workflowPath(a.workflowId)} size="xs">
                {a.workflowName}
              </Anchor>{' '}
              · step {a.stepPath} ·{' '}
              <Anchor component={Link} to={runPath(a.runId)} size="xs">
                run
              </Anchor>
            </Text>
          </Stack>
          <Group gap="xs" wrap="nowrap">
            {a.levels > 1 && (
              <Badge variant="outline" color="gray" size="sm" data-testid="approval-level">
                level {a.level + 1} of {a.levels}
              </Badge>
            )}
            {a.escalated && (
              <Badge variant="light" color="orange" size="sm">
                escalated
              </Badge>
            )}
            <Badge color={STATUS_COLORS[a.status] ?? 'gray'} variant="light" data-testid="approval-status">
              {a.status}
            </Badge>
          </Group>
        </Group>
        <Group gap="lg">
          {a.subject && (
            <Text size="sm">
              About{' '}
              {link ? (
                <Anchor component={Link} to={link} size="sm" data-testid="approval-subject">
                  {a.subject.name}
                </Anchor>
              ) : (
                a.subject.name
              )}
            </Text>
          )}
          <Text size="sm" c="dimmed" data-testid="approval-assignee">
            For {assigneeLabel(a.assignee)}
            {a.assignee.fallback ? ` (${a.assignee.fallback})` : ''}
          </Text>
          <Text size="sm" c="dimmed">
            Asked {formatDateTime(a.createdAt)}
          </Text>
          {a.status === 'pending' && a.dueAt && (
            <Text size="sm" c="dimmed" data-testid="approval-due">
              Due {formatDateTime(a.dueAt)}
            </Text>
          )}
        </Group>
        {a.decidedAt && (
          <Text size="sm" data-testid="approval-decided">
            {a.status} {formatDateTime(a.decidedAt)}
            {a.decidedBy ? ` by ${a.decidedBy}` : ''}
            {a.comment ? `: “${a.comment}”` : ''}
          </Text>
        )}
        {a.status === 'pending' && a.canDecide && <Decide approval={a} />}
        {a.status === 'pending' && !a.canDecide && (
          <Text size="xs" c="dimmed" data-testid="approval-not-yours">
            Waiting for {assigneeLabel(a.assignee)}.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/** Approvals asked by workflow runs: those waiting (approve or reject, with a comment) and those decided. */
export function ApprovalsPage() {
  const [status, setStatus] = useState<ApprovalFilter>('pending');
  const approvals = useApprovals(status);
  return (
    <Stack data-testid="approvals-page">
      <Group justify="space-between">
        <Title order={2}>Approvals</Title>
        <SegmentedControl
          value={status}
          onChange={(v) => setStatus(v === 'decided' ? 'decided' : 'pending')}
          data={[
            { value: 'pending', label: 'Waiting' },
            { value: 'decided', label: 'Decided' },
          ]}
          data-testid="approvals-filter"
        />
      </Group>
      <PageState isPending={approvals.isPending} error={approvals.error} />
      {approvals.data && approvals.data.length === 0 && (
        <Text c="dimmed" data-testid="approvals-empty">
          {status === 'pending' ? 'Nothing is waiting for a decision.' : 'Nothing has been decided yet.'}
        </Text>
      )}
      <Stack gap="sm">
        {(approvals.data ?? []).map((a) => (
          <ApprovalCard key={a.id} approval={a} />
        ))}
      </Stack>
    </Stack>
  );
}
