import { Anchor, Table } from '@mantine/core';
import { Link, useNavigate } from 'react-router-dom';
import type { PurchaseOrderSummary } from '../../../api/purchasing.js';
import { formatDate } from '../../../ui/format.js';
import { PoStatusBadge } from './PoStatusBadge.js';
import { ReceivedCount } from './ReceivedCount.js';

export function orderUrl(id: string): string {
  return `/purchasing/${encodeURIComponent(id)}`;
}

export function OrdersTable({ orders }: { orders: PurchaseOrderSummary[] }) {
  const navigate = useNavigate();
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table withTableBorder highlightOnHover data-testid="po-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>PO number</Table.Th>
            <Table.Th>Vendor</Table.Th>
            <Table.Th>Ordered</Table.Th>
            <Table.Th>Expected</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Received / ordered</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {orders.map((o) => (
            <Table.Tr
              key={o.id}
              data-testid="po-row"
              data-po-id={o.id}
              data-po-number={o.poNumber}
              style={{ cursor: 'pointer' }}
              onClick={() => void navigate(orderUrl(o.id))}
            >
              <Table.Td>
                <Anchor
                  component={Link}
                  to={orderUrl(o.id)}
                  size="sm"
                  fw={500}
                  onClick={(e) => e.stopPropagation()}
                >
                  {o.poNumber}
                </Anchor>
              </Table.Td>
              <Table.Td>{o.vendor}</Table.Td>
              <Table.Td>{formatDate(o.orderedAt?.slice(0, 10))}</Table.Td>
              <Table.Td>{formatDate(o.expectedAt?.slice(0, 10))}</Table.Td>
              <Table.Td>
                <PoStatusBadge status={o.status} />
              </Table.Td>
              <Table.Td>
                <ReceivedCount received={o.receivedQuantity} ordered={o.quantity} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
