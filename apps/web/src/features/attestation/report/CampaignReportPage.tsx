import { useState } from 'react';
import { Anchor, Breadcrumbs, Button, Group, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router-dom';
import { roleAtLeast } from '../../../api/types.js';
import { ConfirmModal } from '../../../ui/ConfirmModal.js';
import { formatDateTime } from '../../../ui/format.js';
import { PageState } from '../../../ui/PageState.js';
import { useSession } from '../../auth/index.js';
import { useCampaignReport, useCloseCampaign } from '../attestation.api.js';
import { CampaignStatusBadge } from '../campaigns/CampaignStatusBadge.js';
import { DisputesTable } from './DisputesTable.js';
import { NotAnsweredTable } from './NotAnsweredTable.js';
import { ReportCounts } from './ReportCounts.js';

export function CampaignReportPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const report = useCampaignReport(id);
  const close = useCloseCampaign(id);
  const [closing, setClosing] = useState(false);
  const c = report.data?.campaign;
  const cancelClose = () => {
    setClosing(false);
    close.reset();
  };

  return (
    <Stack data-testid="campaign-report">
      <Breadcrumbs>
        <Anchor component={Link} to="/attestation" size="sm">
          Attestation
        </Anchor>
        <Text size="sm">{c?.name ?? '…'}</Text>
      </Breadcrumbs>
      <PageState isPending={report.isPending} error={report.data ? null : report.error} />
      {report.data && c && (
        <>
          <Group justify="space-between" align="flex-end">
            <div>
              <Group gap="sm">
                <Title order={2} data-testid="campaign-title">
                  {c.name}
                </Title>
                <CampaignStatusBadge status={c.status} />
              </Group>
              <Text size="sm" c="dimmed">
                Due {formatDateTime(c.dueAt)} · reminders every{' '}
                {c.reminderEveryDays === 1 ? 'day' : `${c.reminderEveryDays} days`}
                {c.closedAt ? ` · closed ${formatDateTime(c.closedAt)}` : ''}
              </Text>
            </div>
            <Group gap="xs">
              <Button
                variant="default"
                onClick={() => void report.refetch()}
                loading={report.isFetching}
                data-testid="report-refresh"
              >
                Refresh
              </Button>
              {c.status === 'open' && roleAtLeast(session.role, 'admin') && (
                <Button
                  color="red"
                  variant="light"
                  onClick={() => setClosing(true)}
                  data-testid="campaign-close"
                >
                  Close campaign
                </Button>
              )}
            </Group>
          </Group>
          <ReportCounts report={report.data} />
          <DisputesTable disputes={report.data.disputes} />
          <NotAnsweredTable people={report.data.notAnswered} open={c.status === 'open'} />
        </>
      )}
      <ConfirmModal
        opened={closing}
        title="Close campaign"
        confirmLabel="Close campaign"
        pending={close.isPending}
        error={close.error}
        onCancel={cancelClose}
        onConfirm={() => close.mutate(undefined, { onSuccess: () => setClosing(false) })}
      >
        Close <b>{c?.name}</b>? Nobody can answer any more and no more reminders are sent. The answers so far
        stay.
      </ConfirmModal>
    </Stack>
  );
}
