import { Alert, Anchor, Breadcrumbs, Stack, Text } from '@mantine/core';
import { Link, useParams } from 'react-router-dom';
import { roleAtLeast } from '../../../api/types.js';
import { ErrorAlert } from '../../../ui/ErrorAlert.js';
import { PageState } from '../../../ui/PageState.js';
import { useSession } from '../../auth/index.js';
import { useOrderUnits, usePurchaseOrder, UNITS_SHOWN } from '../purchasing.api.js';
import { OrderHeader } from './OrderHeader.js';
import { OrderLines } from './OrderLines.js';
import { OrderReceive } from './OrderReceive.js';

export function OrderPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const order = usePurchaseOrder(id);
  const units = useOrderUnits(order.data);
  const canReceive = roleAtLeast(session.role, 'operator');

  return (
    <Stack data-testid="po-page">
      <Breadcrumbs>
        <Anchor component={Link} to="/purchasing" size="sm" data-testid="back-to-purchasing">
          Purchasing
        </Anchor>
        <Text size="sm">{order.data?.poNumber ?? '…'}</Text>
      </Breadcrumbs>
      <PageState isPending={order.isPending} error={order.error} />
      {order.data && (
        <>
          <OrderHeader order={order.data} />
          {canReceive && <OrderReceive order={order.data} units={units.data} />}
          {order.data.quantity > UNITS_SHOWN && (
            <Alert color="gray" variant="light">
              This order has more than {UNITS_SHOWN} units; only the first {UNITS_SHOWN} show their serials.
            </Alert>
          )}
          {units.error ? (
            <ErrorAlert error={units.error} title="Could not load the units’ serials and states" />
          ) : null}
          <OrderLines order={order.data} units={units.data} />
        </>
      )}
    </Stack>
  );
}
