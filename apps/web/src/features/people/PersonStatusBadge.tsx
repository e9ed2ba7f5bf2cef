import { Badge } from '@mantine/core';
import { humanize } from '../../api/lifecycle.js';
import type { PersonStatus } from '../../api/records.js';

const COLORS: Record<PersonStatus, string> = { active: 'green', on_leave: 'yellow', terminated: 'gray' };

export function PersonStatusBadge({ status }: { status: PersonStatus }) {
  return (
    <Badge variant="light" color={COLORS[status]} data-testid="person-status" data-status={status}>
      {humanize(status)}
    </Badge>
  );
}
