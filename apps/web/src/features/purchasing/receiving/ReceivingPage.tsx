import { Anchor, Breadcrumbs, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useDockReceive } from '../purchasing.api.js';
import { ReceivePanel } from './ReceivePanel.js';

/** Receiving at the dock: scan whatever arrived; each serial finds its own purchase order. */
export function ReceivingPage() {
  const receive = useDockReceive();
  return (
    <Stack data-testid="receiving-page">
      <Breadcrumbs>
        <Anchor component={Link} to="/purchasing" size="sm">
          Purchasing
        </Anchor>
        <Text size="sm">Receiving</Text>
      </Breadcrumbs>
      <Title order={2}>Receiving</Title>
      <ReceivePanel
        title="Scan what arrived"
        description="Each serial finds the order that expects it. A serial no order knows goes to the one order line still awaiting serials; when several are, open that order and receive there."
        submit={(serials) => receive.mutateAsync(serials).then((r) => r.results)}
        showOrder
      />
    </Stack>
  );
}
