import { Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { PurchaseOrderLine } from '../../../api/purchasing.js';
import type { Asset } from '../../../api/records.js';
import { StateBadge } from '../../../ui/StateBadge.js';
import { unitLabel } from './orderUnits.js';

/** The assets Steward created for one order line, with their serials and lifecycle states. */
export function LineUnits({
  line,
  units,
}: {
  line: PurchaseOrderLine;
  units: ReadonlyMap<string, Asset> | undefined;
}) {
  return (
    <Table fz="sm" withRowBorders={false} data-testid="po-units" data-line={line.lineNumber}>
      <Table.Tbody>
        {line.assetIds.map((id, i) => {
          const a = units?.get(id);
          return (
            <Table.Tr key={id} data-testid="po-unit" data-asset-id={id} data-serial={a?.serialNumber ?? ''}>
              <Table.Td>
                <Anchor component={Link} to={`/assets/${encodeURIComponent(id)}`} size="sm">
                  {unitLabel(a, i)}
                </Anchor>
              </Table.Td>
              <Table.Td ff="monospace">
                {a?.serialNumber ?? (
                  <Text span size="sm" c="dimmed">
                    no serial yet
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <StateBadge state={a?.lifecycleState} size="xs" />
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
