import { Fragment, useState } from 'react';
import { Button, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { humanize } from '../../../api/lifecycle.js';
import type { PurchaseOrder } from '../../../api/purchasing.js';
import type { Asset } from '../../../api/records.js';
import { LineUnits } from './LineUnits.js';
import { ReceivedCount } from './ReceivedCount.js';

function price(n: number | null, currency: string | null): string {
  if (n === null) return '—';
  return currency
    ? n.toLocaleString(undefined, { style: 'currency', currency })
    : n.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** The order's lines: what was ordered, how much of it arrived, and (on demand) each unit's asset. */
export function OrderLines({
  order,
  units,
}: {
  order: PurchaseOrder;
  units: ReadonlyMap<string, Asset> | undefined;
}) {
  const [open, setOpen] = useState<ReadonlySet<number>>(() =>
    order.lines.length === 1 ? new Set([order.lines[0]!.lineNumber]) : new Set(),
  );
  const toggle = (n: number) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(n)) next.delete(n);
      else next.add(n);
      return next;
    });

  return (
    <Paper withBorder p="md" data-testid="po-lines">
      <Stack gap="sm">
        <Title order={4}>Lines</Title>
        <Table.ScrollContainer minWidth={760}>
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={60}>Line</Table.Th>
                <Table.Th>Item</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Unit price</Table.Th>
                <Table.Th>Received / ordered</Table.Th>
                <Table.Th aria-label="Units" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {order.lines.map((line) => (
                <Fragment key={line.lineNumber}>
                  <Table.Tr
                    data-testid="po-line"
                    data-line={line.lineNumber}
                    data-received={line.receivedQuantity}
                    data-ordered={line.quantity}
                  >
                    <Table.Td>{line.lineNumber}</Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {line.model}
                      </Text>
                      {line.manufacturer && (
                        <Text size="xs" c="dimmed">
                          {line.manufacturer}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{line.deviceType ? humanize(line.deviceType) : humanize(line.kind)}</Table.Td>
                    <Table.Td>{price(line.unitPrice, order.currency)}</Table.Td>
                    <Table.Td>
                      <ReceivedCount received={line.receivedQuantity} ordered={line.quantity} />
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="subtle"
                        onClick={() => toggle(line.lineNumber)}
                        aria-expanded={open.has(line.lineNumber)}
                        data-testid="po-line-units-toggle"
                      >
                        {open.has(line.lineNumber) ? 'Hide units' : `Units (${line.assetIds.length})`}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                  {open.has(line.lineNumber) && (
                    <Table.Tr>
                      <Table.Td />
                      <Table.Td colSpan={5}>
                        <LineUnits line={line} units={units} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Paper>
  );
}
