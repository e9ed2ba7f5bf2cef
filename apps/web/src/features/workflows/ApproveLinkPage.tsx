import { useState } from 'react';
import { Alert, Button, Center, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useParams } from 'react-router-dom';
import { isApiError } from '../../api/client.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { formatDateTime } from '../../ui/format.js';
import { PageState } from '../../ui/PageState.js';
import { useApprovalLink, useConfirmLink } from './approvals.api.js';

/**
 * The page behind an approval e-mail's link (no sign-in). Opening it decides nothing: mail scanners
 * follow links, so the approver confirms with a button.
 */
export function ApproveLinkPage() {
  const { token = '' } = useParams();
  const link = useApprovalLink(token);
  const confirm = useConfirmLink(token);
  const [comment, setComment] = useState('');
  const view = link.data;
  const verb = view?.decision === 'approve' ? 'Approve' : 'Reject';
  const refused = isApiError(confirm.error) && confirm.error.status === 409 ? confirm.error : null;

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" maw={560} w="100%" data-testid="approve-link-page">
        <Stack>
          <Title order={2}>{view ? `${verb}: ${view.title}` : 'Approval'}</Title>
          {link.error ? (
            <ErrorAlert error={link.error} title="This link does not work" testId="approve-link-error" />
          ) : (
            <PageState isPending={link.isPending} error={null} />
          )}
          {view && (
            <>
              <Text size="sm">
                Workflow <b>{view.workflowName}</b>
                {view.subject ? (
                  <>
                    {' '}
                    about <b>{view.subject.name}</b>
                  </>
                ) : null}
                , due {formatDateTime(view.dueAt)}.
              </Text>
              {view.status !== 'pending' || confirm.isSuccess ? (
                <Alert
                  color={confirm.isSuccess ? 'green' : 'blue'}
                  variant="light"
                  data-testid="approve-link-done"
                >
                  {confirm.isSuccess
                    ? `Recorded: ${view.decision === 'approve' ? 'approved' : 'rejected'}. You can close this page.`
                    : `This request is already ${view.status}; there is nothing more to do.`}
                </Alert>
              ) : (
                <>
                  <Textarea
                    label="Comment (optional)"
                    value={comment}
                    onChange={(e) => setComment(e.currentTarget.value)}
                    maxLength={2000}
                    data-testid="approve-link-comment"
                  />
                  {refused ? (
                    <Alert color="yellow" variant="light">
                      {refused.message}
                    </Alert>
                  ) : confirm.error ? (
                    <ErrorAlert error={confirm.error} />
                  ) : null}
                  <Button
                    color={view.decision === 'approve' ? 'green' : 'red'}
                    loading={confirm.isPending}
                    disabled={refused !== null}
                    onClick={() => confirm.mutate(comment.trim())}
                    data-testid="approve-link-confirm"
                  >
                    {verb}
                  </Button>
                </>
              )}
            </>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
