import type { ReactNode } from 'react';
import { Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { PurchaseOrder } from '../../../api/purchasing.js';
import { formatDate, formatDateTime } from '../../../ui/format.js';
import { useLocationNames } from '../../locations/index.js';
import { PersonName } from '../../people/index.js';
import { PoStatusBadge } from './PoStatusBadge.js';
import { ReceivedCount } from './ReceivedCount.js';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

export function OrderHeader({ order }: { order: PurchaseOrder }) {
  const locations = useLocationNames();
  const { personId, locationId } = order.shipTo;
  return (
    <Stack gap="sm" data-testid="po-header" data-status={order.status}>
      <Group gap="sm" align="center">
        <Title order={2} data-testid="po-title">
          {order.poNumber}
        </Title>
        <PoStatusBadge status={order.status} size="lg" />
      </Group>
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }}>
          <Field label="Vendor">{order.vendor}</Field>
          <Field label="Ordered">{formatDate(order.orderedAt?.slice(0, 10))}</Field>
          <Field label="Expected">{formatDate(order.expectedAt?.slice(0, 10))}</Field>
          <Field label="Ship to">
            {personId ? (
              <PersonName id={personId} />
            ) : locationId ? (
              (locations.get(locationId) ?? locationId)
            ) : (
              '—'
            )}
          </Field>
          <Field label="Received / ordered">
            <div
              data-testid="po-received"
              data-received={order.receivedQuantity}
              data-ordered={order.quantity}
            >
              <ReceivedCount received={order.receivedQuantity} ordered={order.quantity} />
            </div>
          </Field>
          <Field label="Updated">{formatDateTime(order.updatedAt)}</Field>
        </SimpleGrid>
      </Paper>
    </Stack>
  );
}
