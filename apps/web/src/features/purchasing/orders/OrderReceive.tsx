import { useState } from 'react';
import { Select } from '@mantine/core';
import type { PurchaseOrder } from '../../../api/purchasing.js';
import type { Asset } from '../../../api/records.js';
import { useReceive } from '../purchasing.api.js';
import { ReceivePanel } from '../receiving/ReceivePanel.js';
import { awaitingSerial } from './orderUnits.js';

const AUTO = 'auto';

/** Receiving against this order: known serials find their unit; new ones go to a unit awaiting one. */
export function OrderReceive({
  order,
  units,
}: {
  order: PurchaseOrder;
  units: ReadonlyMap<string, Asset> | undefined;
}) {
  const receive = useReceive(order.id);
  const [line, setLine] = useState(AUTO);
  const waiting = order.lines.map((l) => ({ line: l, awaiting: awaitingSerial(l, units) }));
  const options = [
    { value: AUTO, label: 'The line awaiting serials' },
    ...waiting.map(({ line: l, awaiting }) => ({
      value: String(l.lineNumber),
      label: `Line ${l.lineNumber}: ${l.model}${units ? ` (${awaiting} awaiting)` : ''}`,
    })),
  ];
  const lineNumber = line === AUTO ? undefined : Number(line);

  return (
    <ReceivePanel
      title="Receive"
      description="Scan the serial numbers on the boxes. A serial the order already lists is received on its unit; a new one is set on a unit of the line that still awaits serials (choose the line when several do)."
      submit={(serials) =>
        receive
          .mutateAsync({ serials, ...(lineNumber !== undefined ? { lineNumber } : {}) })
          .then((r) => r.results)
      }
      ambiguousHint="Several lines await serials, so Steward cannot tell which line a new serial belongs to. Choose the line under “New serials go to”, then send the ambiguous serials again."
      controls={
        <Select
          label="New serials go to"
          data={options}
          value={line}
          onChange={(v) => setLine(v ?? AUTO)}
          allowDeselect={false}
          w={300}
          data-testid="receive-line"
        />
      }
    />
  );
}
