import { Badge } from '@mantine/core';
import type { PoStatus } from '../../../api/purchasing.js';

const LOOK: Record<PoStatus, { label: string; color: string }> = {
  open: { label: 'Open', color: 'gray' },
  partially_received: { label: 'Partially received', color: 'yellow' },
  received: { label: 'Received', color: 'green' },
};

export function poStatusLabel(status: PoStatus): string {
  return LOOK[status].label;
}

export function PoStatusBadge({ status, size = 'sm' }: { status: PoStatus; size?: 'sm' | 'lg' }) {
  return (
    <Badge
      size={size}
      variant="light"
      color={LOOK[status].color}
      data-testid="po-status"
      data-status={status}
    >
      {LOOK[status].label}
    </Badge>
  );
}
