import { Paper, SimpleGrid, Text } from '@mantine/core';
import type { CampaignReport } from '../../../api/attestation.js';
import { formatCount } from '../../../ui/format.js';

function Tile({
  label,
  count,
  testId,
  color,
}: {
  label: string;
  count: number;
  testId: string;
  color?: string;
}) {
  return (
    <Paper withBorder p="md" data-testid={testId} data-count={count}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.2} c={color}>
        {formatCount(count)}
      </Text>
    </Paper>
  );
}

export function ReportCounts({ report }: { report: CampaignReport }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, md: 5 }} data-testid="report-counts">
      <Tile label="People asked" count={report.campaign.people} testId="report-people" />
      <Tile label="Answered" count={report.responded} testId="report-responded" color="green" />
      <Tile label="Not answered" count={report.pending} testId="report-pending" />
      <Tile label="Assets confirmed" count={report.confirmed} testId="report-confirmed" />
      <Tile
        label="Assets disputed"
        count={report.disputed}
        testId="report-disputed"
        color={report.disputed > 0 ? 'red' : undefined}
      />
    </SimpleGrid>
  );
}
