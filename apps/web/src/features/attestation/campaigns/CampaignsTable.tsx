import { Anchor, Table } from '@mantine/core';
import { Link, useNavigate } from 'react-router-dom';
import type { AttestationCampaign } from '../../../api/attestation.js';
import { formatCount, formatDateTime } from '../../../ui/format.js';
import { CampaignStatusBadge } from './CampaignStatusBadge.js';

export function campaignUrl(id: string): string {
  return `/attestation/${encodeURIComponent(id)}`;
}

export function CampaignsTable({ campaigns }: { campaigns: AttestationCampaign[] }) {
  const navigate = useNavigate();
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table withTableBorder highlightOnHover data-testid="campaigns-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Campaign</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Due</Table.Th>
            <Table.Th>People</Table.Th>
            <Table.Th>Assets</Table.Th>
            <Table.Th>Reminders</Table.Th>
            <Table.Th>Started</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {campaigns.map((c) => (
            <Table.Tr
              key={c.id}
              data-testid="campaign-row"
              data-campaign-id={c.id}
              data-campaign-name={c.name}
              style={{ cursor: 'pointer' }}
              onClick={() => void navigate(campaignUrl(c.id))}
            >
              <Table.Td>
                <Anchor
                  component={Link}
                  to={campaignUrl(c.id)}
                  size="sm"
                  fw={500}
                  onClick={(e) => e.stopPropagation()}
                >
                  {c.name}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <CampaignStatusBadge status={c.status} />
              </Table.Td>
              <Table.Td>{formatDateTime(c.dueAt)}</Table.Td>
              <Table.Td>{formatCount(c.people)}</Table.Td>
              <Table.Td>{formatCount(c.assets)}</Table.Td>
              <Table.Td>every {c.reminderEveryDays === 1 ? 'day' : `${c.reminderEveryDays} days`}</Table.Td>
              <Table.Td>{formatDateTime(c.createdAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
