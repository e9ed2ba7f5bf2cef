import { useState } from 'react';
import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useNavigate } from 'react-router-dom';
import { roleAtLeast } from '../../../api/types.js';
import { PageState } from '../../../ui/PageState.js';
import { useSession } from '../../auth/index.js';
import { useCampaigns } from '../attestation.api.js';
import { campaignUrl, CampaignsTable } from './CampaignsTable.js';
import { NewCampaignModal } from './NewCampaignModal.js';

/** Attestation campaigns: people confirm the assets assigned to them, or say they do not have them. */
export function CampaignsPage() {
  const session = useSession();
  const navigate = useNavigate();
  const campaigns = useCampaigns();
  const [creating, setCreating] = useState(false);
  const isAdmin = roleAtLeast(session.role, 'admin');

  return (
    <Stack data-testid="attestation-page">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Attestation</Title>
          <Text size="sm" c="dimmed">
            Ask everyone to confirm the assets assigned to them; follow who has answered and what they
            dispute.
          </Text>
        </div>
        {isAdmin && (
          <Button onClick={() => setCreating(true)} data-testid="campaign-new">
            New campaign
          </Button>
        )}
      </Group>
      <PageState isPending={campaigns.isPending} error={campaigns.error} />
      {campaigns.data?.length === 0 && (
        <Text c="dimmed" data-testid="campaigns-empty">
          No campaigns yet.{isAdmin ? ' Start one to ask people to confirm what they hold.' : ''}
        </Text>
      )}
      {campaigns.data && campaigns.data.length > 0 && <CampaignsTable campaigns={campaigns.data} />}
      <NewCampaignModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(c) => void navigate(campaignUrl(c.id))}
      />
    </Stack>
  );
}
