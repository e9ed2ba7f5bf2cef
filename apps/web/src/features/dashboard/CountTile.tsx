import { Paper, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { formatCount } from '../../ui/format.js';

/** A number with its label, linking to the list it counts. */
export function CountTile({
  label,
  count,
  to,
  testId,
}: {
  label: string;
  count: number;
  to: string;
  testId: string;
}) {
  return (
    <Paper
      withBorder
      p="md"
      component={Link}
      to={to}
      data-testid={testId}
      data-count={count}
      style={{ textDecoration: 'none', color: 'inherit' }}
    >
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.2}>
        {formatCount(count)}
      </Text>
    </Paper>
  );
}
