import { Badge } from '@mantine/core';
import type { CampaignStatus } from '../../../api/attestation.js';

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  return (
    <Badge
      variant="light"
      color={status === 'open' ? 'green' : 'gray'}
      data-testid="campaign-status"
      data-status={status}
    >
      {status === 'open' ? 'Open' : 'Closed'}
    </Badge>
  );
}
