import { Alert, Button, Center, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useParams } from 'react-router-dom';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { formatDateTime } from '../../ui/format.js';
import { PageState } from '../../ui/PageState.js';
import { useAcknowledge, useAcknowledgement } from './acknowledgements.api.js';

/** The page behind an assignment's one-time link: the assignee confirms they received the asset. */
export function AcknowledgePage() {
  const { token = '' } = useParams();
  const view = useAcknowledgement(token);
  const confirm = useAcknowledge(token);
  const a = view.data?.asset;

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" maw={520} w="100%" data-testid="acknowledge-page">
        <Stack>
          <Title order={2}>Confirm receipt</Title>
          {view.error ? (
            <ErrorAlert
              error={view.error}
              title="This link does not work (any more)"
              testId="acknowledge-error"
            />
          ) : (
            <PageState isPending={view.isPending} error={null} />
          )}
          {view.data && a && (
            <>
              <Text size="sm">
                {view.data.person ? `${view.data.person.name}, please` : 'Please'} confirm that you received
                this asset, assigned to you on {formatDateTime(view.data.assignedAt)}.
              </Text>
              <Table withTableBorder>
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Th>Asset</Table.Th>
                    <Table.Td>{a.name ?? '—'}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Model</Table.Th>
                    <Table.Td>{a.model ?? '—'}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Serial number</Table.Th>
                    <Table.Td>{a.serialNumber ?? '—'}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Asset tag</Table.Th>
                    <Table.Td>{a.assetTag ?? '—'}</Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
              {confirm.error ? <ErrorAlert error={confirm.error} /> : null}
              {confirm.isSuccess ? (
                <Alert color="green" variant="light" data-testid="acknowledge-done">
                  Thank you: your receipt is recorded. You can close this page.
                </Alert>
              ) : (
                <Button
                  onClick={() => confirm.mutate()}
                  loading={confirm.isPending}
                  data-testid="acknowledge-confirm"
                >
                  I received it
                </Button>
              )}
            </>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
