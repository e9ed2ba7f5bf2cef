import { ActionIcon, Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { ReceiveResultBadge } from './ReceiveResultBadge.js';
import type { ScanEntry } from './scanList.js';

function Detail({ entry, showOrder }: { entry: ScanEntry; showOrder: boolean }) {
  const r = entry.result;
  if (entry.error) return <Text size="sm">{entry.error}</Text>;
  if (!r) return null;
  return (
    <Text size="sm" component="div">
      {r.reason && <div data-testid="receive-reason">{r.reason}</div>}
      {r.assetId && (
        <Anchor component={Link} to={`/assets/${encodeURIComponent(r.assetId)}`} size="sm" mr="sm">
          Open the asset
        </Anchor>
      )}
      {r.lineNumber !== undefined && (
        <Text span size="sm" c="dimmed" mr="sm">
          Line {r.lineNumber}
        </Text>
      )}
      {showOrder && r.purchaseOrderId && (
        <Anchor component={Link} to={`/purchasing/${encodeURIComponent(r.purchaseOrderId)}`} size="sm">
          Open the order
        </Anchor>
      )}
    </Text>
  );
}

/** The running list, newest scan first, each with what the server said. */
export function ScanResults({
  entries,
  showOrder,
  onRemove,
}: {
  entries: readonly ScanEntry[];
  showOrder: boolean;
  onRemove: (key: number) => void;
}) {
  if (entries.length === 0) {
    return (
      <Text c="dimmed" size="sm" data-testid="scan-empty">
        Nothing scanned yet.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table withTableBorder data-testid="scan-results">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={220}>Serial number</Table.Th>
            <Table.Th w={170}>Result</Table.Th>
            <Table.Th>Details</Table.Th>
            <Table.Th w={40} aria-label="Remove" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((e) => (
            <Table.Tr
              key={e.key}
              data-testid="receive-result"
              data-serial={e.serial}
              data-status={e.state}
              data-asset-id={e.result?.assetId ?? ''}
            >
              <Table.Td ff="monospace">{e.serial}</Table.Td>
              <Table.Td>
                <ReceiveResultBadge state={e.state} />
              </Table.Td>
              <Table.Td>
                <Detail entry={e} showOrder={showOrder} />
              </Table.Td>
              <Table.Td>
                {(e.state === 'pending' || e.state === 'failed') && (
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`Remove ${e.serial}`}
                    onClick={() => onRemove(e.key)}
                    data-testid="scan-remove"
                  >
                    ×
                  </ActionIcon>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
