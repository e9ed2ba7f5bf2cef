import { useState } from 'react';
import { Alert, Button, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useParams } from 'react-router-dom';
import { isApiError } from '../../../api/client.js';
import { ErrorAlert } from '../../../ui/ErrorAlert.js';
import { formatDateTime } from '../../../ui/format.js';
import { PageState } from '../../../ui/PageState.js';
import { useAttestation, useRespond } from '../attestation.api.js';
import { AssetAnswer } from './AssetAnswer.js';
import { BLANK, toAnswers, type Drafts } from './answers.js';

/** The page behind a person's attestation link (no sign-in): they confirm, per asset, that they hold it. */
export function AttestPage() {
  const { token = '' } = useParams();
  const view = useAttestation(token);
  const respond = useRespond(token);
  const [drafts, setDrafts] = useState<Drafts>({});
  const assets = view.data?.assets ?? [];
  const answers = toAnswers(
    assets.map((a) => a.id),
    drafts,
  );
  // 409: already answered (here or in another tab), or the campaign was closed.
  const refused = isApiError(respond.error) && respond.error.status === 409 ? respond.error : null;
  const ready = answers !== null && answers.length > 0;
  const done = respond.isSuccess;
  const locked = done || refused !== null || respond.isPending;

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" maw={640} w="100%" data-testid="attest-page">
        <Stack>
          <Title order={2}>Confirm your assets</Title>
          {view.error ? (
            <ErrorAlert error={view.error} title="This link does not work (any more)" testId="attest-error" />
          ) : (
            <PageState isPending={view.isPending} error={null} />
          )}
          {view.data && view.data.respondedAt && (
            <Alert color="blue" variant="light" data-testid="attest-already">
              You answered on {formatDateTime(view.data.respondedAt)}. Thank you: there is nothing more to do.
            </Alert>
          )}
          {view.data && !view.data.respondedAt && (
            <>
              <Text size="sm">
                {view.data.person.name}, for <b>{view.data.campaign.name}</b> please tell us whether you still
                have each asset below. Answers are due by {formatDateTime(view.data.campaign.dueAt)}.
              </Text>
              {assets.length > 1 && !locked && (
                <Group justify="flex-end">
                  <Button
                    size="xs"
                    variant="subtle"
                    onClick={() =>
                      setDrafts((all) => {
                        const next = { ...all };
                        for (const a of assets)
                          if ((next[a.id] ?? BLANK).holds === null) next[a.id] = { ...BLANK, holds: true };
                        return next;
                      })
                    }
                    data-testid="attest-all-holds"
                  >
                    I have all the others
                  </Button>
                </Group>
              )}
              <Stack gap="sm">
                {assets.map((a) => (
                  <AssetAnswer
                    key={a.id}
                    asset={a}
                    draft={drafts[a.id] ?? BLANK}
                    disabled={locked}
                    onChange={(d) => setDrafts((all) => ({ ...all, [a.id]: d }))}
                  />
                ))}
              </Stack>
              {refused ? (
                <Alert color="yellow" variant="light" data-testid="attest-conflict">
                  {refused.message}
                </Alert>
              ) : respond.error ? (
                <ErrorAlert error={respond.error} testId="attest-submit-error" />
              ) : null}
              {done ? (
                <Alert color="green" variant="light" data-testid="attest-done">
                  Thank you: your answers are recorded. You can close this page.
                </Alert>
              ) : (
                !refused && (
                  <Button
                    onClick={() => answers && respond.mutate(answers)}
                    disabled={!ready}
                    loading={respond.isPending}
                    data-testid="attest-submit"
                  >
                    {ready ? 'Send my answers' : 'Answer for every asset to send'}
                  </Button>
                )
              )}
            </>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
