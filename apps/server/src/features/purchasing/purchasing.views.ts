import type { AssetKind } from '@steward/domain';
import type {
  PoStatus,
  PurchaseOrderLineView,
  PurchaseOrderSummary,
  PurchaseOrderView,
} from './purchasing.schemas.js';
import { linesOf, unitsOfLines, type Db, type LineRow, type OrderRow } from './purchasing.repo.js';

export function toLineView(line: LineRow, assetIds: string[]): PurchaseOrderLineView {
  return {
    lineNumber: Number(line.line_number),
    manufacturer: line.manufacturer,
    model: line.model,
    deviceType: line.device_type,
    kind: line.kind as AssetKind,
    quantity: Number(line.quantity),
    unitPrice: line.unit_price === null ? null : Number(line.unit_price),
    receivedQuantity: Number(line.received_quantity),
    assetIds,
  };
}

function header(order: OrderRow, lines: LineRow[]) {
  return {
    id: order.id,
    vendor: order.vendor,
    poNumber: order.po_number,
    status: order.status as PoStatus,
    orderedAt: order.ordered_at,
    expectedAt: order.expected_at,
    currency: order.currency,
    shipTo: { personId: order.ship_to_person_id, locationId: order.ship_to_location_id },
    quantity: lines.reduce((n, l) => n + Number(l.quantity), 0),
    receivedQuantity: lines.reduce((n, l) => n + Number(l.received_quantity), 0),
    createdAt: order.created_at,
    updatedAt: order.updated_at,
  };
}

/** An order with its lines, per-line counts and the assets of each line. */
export async function orderView(db: Db, tenantId: string, order: OrderRow): Promise<PurchaseOrderView> {
  const lines = await linesOf(db, tenantId, [order.id]);
  const units = await unitsOfLines(
    db,
    tenantId,
    lines.map((l) => l.id),
  );
  const byLine = new Map<string, string[]>(lines.map((l) => [l.id, []]));
  for (const u of units) if (u.purchase_order_line_id) byLine.get(u.purchase_order_line_id)?.push(u.id);
  return {
    ...header(order, lines),
    lines: lines.map((l) => toLineView(l, byLine.get(l.id) ?? [])),
  };
}

export async function orderSummaries(
  db: Db,
  tenantId: string,
  orders: OrderRow[],
): Promise<PurchaseOrderSummary[]> {
  const lines = await linesOf(
    db,
    tenantId,
    orders.map((o) => o.id),
  );
  const byOrder = new Map<string, LineRow[]>(orders.map((o) => [o.id, []]));
  for (const l of lines) byOrder.get(l.purchase_order_id)?.push(l);
  return orders.map((o) => {
    const own = byOrder.get(o.id) ?? [];
    return { ...header(o, own), lineCount: own.length };
  });
}

/** The order as the audit log records it: its header and lines, without asset ids. */
export function auditShape(order: OrderRow, lines: LineRow[]): Record<string, unknown> {
  const h = header(order, lines);
  return {
    vendor: h.vendor,
    poNumber: h.poNumber,
    status: h.status,
    orderedAt: h.orderedAt,
    expectedAt: h.expectedAt,
    currency: h.currency,
    shipTo: h.shipTo,
    lines: lines.map((l) => {
      const { assetIds: _ids, ...rest } = toLineView(l, []);
      return rest;
    }),
  };
}
