import { errors, isStewardError } from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import { transitionAsset, updateAsset } from '../assets/index.js';
import { withOrderLock } from './order-lock.js';
import {
  findUnit,
  linesAwaitingSerials,
  linesOf,
  firstUnitAwaitingSerial,
  linesWithUnitsAwaitingSerial,
  unitsBySerial,
  type LineRow,
  type OrderRow,
  type UnitRow,
} from './purchasing.repo.js';
import type {
  DockReceiveInput,
  PurchaseOrderView,
  ReceiveInput,
  ReceiveResult,
} from './purchasing.schemas.js';
import { lockKeyOf, refreshOrder, requireOrder, type PurchasingDeps } from './purchasing.service.js';
import { orderView } from './purchasing.views.js';

const RECEIVED_ACTION = 'purchase_order.received';

/** Codes the asset service answers with when another writer moved the asset first. */
const RACE_CODES = new Set(['version_conflict', 'illegal_transition']);

/**
 * Scan each serial once: a serial repeated in one request is answered from its first scan, so scanning
 * the same box twice never receives two assets.
 */
async function scanEach(
  serials: string[],
  scan: (serial: string) => Promise<ReceiveResult>,
): Promise<ReceiveResult[]> {
  const first = new Map<string, ReceiveResult>();
  const out: ReceiveResult[] = [];
  for (const serial of serials) {
    const earlier = first.get(serial);
    if (earlier) {
      out.push(
        earlier.status === 'received' || earlier.status === 'already_received'
          ? { ...earlier, status: 'already_received', reason: 'scanned more than once in this request' }
          : earlier,
      );
      continue;
    }
    const result = await scan(serial);
    first.set(serial, result);
    out.push(result);
  }
  return out;
}

interface OrderScope {
  order: OrderRow;
  lines: LineRow[];
}

async function markReceived(
  deps: PurchasingDeps,
  ctx: RequestContext,
  scope: OrderScope,
  unit: UnitRow,
  base: ReceiveResult,
): Promise<ReceiveResult> {
  try {
    await transitionAsset(deps, ctx, unit.id, {
      to: 'received',
      reason: `Received against purchase order ${scope.order.po_number} (${scope.order.vendor})`,
    });
    return { ...base, status: 'received', assetId: unit.id };
  } catch (e) {
    if (!isStewardError(e) || !RACE_CODES.has(e.code)) throw e;
    const now = await findUnit(deps.db, scope.order.tenant_id, unit.id);
    if (!now || now.lifecycle_state === 'ordered') throw e;
    return {
      ...base,
      status: 'already_received',
      assetId: unit.id,
      reason: `the asset is ${now.lifecycle_state}`,
    };
  }
}

/**
 * Receive one serial against one order (the caller holds the order's lock):
 * an ordered asset of the order with that serial is received; otherwise the serial goes on an ordered
 * unit without one, on the given line or the only line that has such units, which is then received.
 */
async function receiveOne(
  deps: PurchasingDeps,
  ctx: RequestContext,
  scope: OrderScope,
  serial: string,
  lineNumber: number | undefined,
): Promise<ReceiveResult> {
  const tenantId = scope.order.tenant_id;
  const lineById = new Map(scope.lines.map((l) => [l.id, l]));
  const base: ReceiveResult = { serial, status: 'unmatched', purchaseOrderId: scope.order.id };
  for (let attempt = 0; ; attempt++) {
    const owners = await unitsBySerial(deps.db, tenantId, [serial]);
    const onOrder = owners.filter((u) => u.purchase_order_line_id && lineById.has(u.purchase_order_line_id));
    if (onOrder.length > 1) {
      return {
        ...base,
        status: 'ambiguous',
        reason: `${onOrder.length} assets of this order carry this serial: ${onOrder.map((u) => u.id).join(', ')}`,
      };
    }
    const known = onOrder[0];
    if (known) {
      const line = lineById.get(known.purchase_order_line_id ?? '');
      const at = { ...base, ...(line ? { lineNumber: Number(line.line_number) } : {}) };
      if (known.lifecycle_state !== 'ordered') {
        return {
          ...at,
          status: 'already_received',
          assetId: known.id,
          reason: `the asset is ${known.lifecycle_state}`,
        };
      }
      return markReceived(deps, ctx, scope, known, at);
    }
    const elsewhere = owners[0];
    if (elsewhere) {
      return {
        ...base,
        assetId: elsewhere.id,
        reason: 'the serial is recorded on an asset that is not on this order',
      };
    }

    const candidates =
      lineNumber === undefined
        ? scope.lines
        : scope.lines.filter((l) => Number(l.line_number) === lineNumber);
    const awaiting = await linesWithUnitsAwaitingSerial(
      deps.db,
      tenantId,
      candidates.map((l) => l.id),
    );
    const waitingLines = candidates.filter((l) => awaiting.has(l.id));
    const line = waitingLines[0];
    if (!line) {
      return {
        ...base,
        reason:
          lineNumber === undefined
            ? 'no ordered unit of this order awaits a serial'
            : `line ${lineNumber} has no ordered unit awaiting a serial`,
      };
    }
    if (waitingLines.length > 1) {
      return {
        ...base,
        status: 'ambiguous',
        reason: `lines ${waitingLines.map((l) => l.line_number).join(', ')} have units awaiting a serial; say which with lineNumber`,
      };
    }
    const unit = await firstUnitAwaitingSerial(deps.db, tenantId, line.id);
    // Another writer took the last one between the two reads: look again.
    if (!unit && attempt < 3) continue;
    if (!unit) return { ...base, reason: `line ${line.line_number} has no ordered unit awaiting a serial` };
    const at = { ...base, lineNumber: Number(line.line_number) };
    try {
      await updateAsset(
        deps,
        ctx,
        unit.id,
        { serialNumber: serial, version: unit.version },
        { source: 'purchasing' },
      );
    } catch (e) {
      // Someone else changed that unit between our read and our write: look again.
      if (isStewardError(e) && e.code === 'version_conflict' && attempt < 3) continue;
      throw e;
    }
    return markReceived(deps, ctx, scope, unit, at);
  }
}

/** Receive scanned or typed serials against one purchase order. */
export async function receiveAgainstOrder(
  deps: PurchasingDeps,
  ctx: RequestContext,
  orderId: string,
  input: ReceiveInput,
): Promise<{ results: ReceiveResult[]; purchaseOrder: PurchaseOrderView }> {
  const { tenantId } = authorize(ctx.principal, 'operator');
  const order = await requireOrder(deps.db, tenantId, orderId);
  return withOrderLock(deps, lockKeyOf(order), async () => {
    const lines = await linesOf(deps.db, tenantId, [order.id]);
    if (input.lineNumber !== undefined && !lines.some((l) => Number(l.line_number) === input.lineNumber)) {
      throw errors.validation('The order has no such line.', [
        {
          path: 'body.lineNumber',
          reason: `purchase order ${order.po_number} has no line ${input.lineNumber}`,
        },
      ]);
    }
    const scope = { order, lines };
    const results = await scanEach(input.serials, (serial) =>
      receiveOne(deps, ctx, scope, serial, input.lineNumber),
    );
    await refreshOrder(deps, ctx, tenantId, order.id, RECEIVED_ACTION);
    return {
      results,
      purchaseOrder: await orderView(deps.db, tenantId, await requireOrder(deps.db, tenantId, order.id)),
    };
  });
}

/**
 * Receive at the dock without knowing the order: each serial finds its order by the asset that carries
 * it, or, for a serial nobody recorded, the one order line in the tenant that awaits serials.
 */
export async function receiveAtDock(
  deps: PurchasingDeps,
  ctx: RequestContext,
  input: DockReceiveInput,
): Promise<{ results: ReceiveResult[] }> {
  const { tenantId } = authorize(ctx.principal, 'operator');
  const touched = new Map<string, OrderRow>();

  async function lineScope(lineId: string): Promise<{ order: OrderRow; line: LineRow } | undefined> {
    const line = await deps.db
      .selectFrom('purchase_order_lines')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', lineId)
      .executeTakeFirst();
    if (!line) return undefined;
    return { order: await requireOrder(deps.db, tenantId, line.purchase_order_id), line };
  }

  const results = await scanEach(input.serials, async (serial): Promise<ReceiveResult> => {
    const owners = await unitsBySerial(deps.db, tenantId, [serial]);
    const onOrders = owners.filter((u) => u.purchase_order_line_id !== null);
    let lineId: string | undefined;
    let lineNumber: number | undefined;
    if (onOrders.length > 1) {
      const ordered = onOrders.filter((u) => u.lifecycle_state === 'ordered');
      if (ordered.length !== 1) {
        return {
          serial,
          status: 'ambiguous',
          reason: `${onOrders.length} assets on purchase orders carry this serial; receive against the order`,
        };
      }
      lineId = ordered[0]!.purchase_order_line_id ?? undefined;
    } else if (onOrders.length === 1) {
      lineId = onOrders[0]!.purchase_order_line_id ?? undefined;
    } else if (owners[0]) {
      return {
        serial,
        status: 'unmatched',
        assetId: owners[0].id,
        reason: 'the serial is recorded on an asset that is on no purchase order',
      };
    } else {
      const waiting = await linesAwaitingSerials(deps.db, tenantId);
      if (waiting.length === 0) {
        return {
          serial,
          status: 'unmatched',
          reason: 'no purchase order has this serial or awaits a serial',
        };
      }
      if (waiting.length > 1) {
        return {
          serial,
          status: 'ambiguous',
          reason: `${waiting.length}${waiting.length === 50 ? '+' : ''} order lines await serials; receive against the purchase order with lineNumber`,
        };
      }
      lineId = waiting[0]!.line_id;
      lineNumber = waiting[0]!.line_number;
    }
    const found = lineId ? await lineScope(lineId) : undefined;
    if (!found) return { serial, status: 'unmatched', reason: 'the serial’s order line no longer exists' };
    touched.set(found.order.id, found.order);
    return withOrderLock(deps, lockKeyOf(found.order), async () => {
      const scope = { order: found.order, lines: await linesOf(deps.db, tenantId, [found.order.id]) };
      return receiveOne(deps, ctx, scope, serial, lineNumber);
    });
  });
  for (const order of touched.values()) {
    await withOrderLock(deps, lockKeyOf(order), () =>
      refreshOrder(deps, ctx, tenantId, order.id, RECEIVED_ACTION),
    );
  }
  return { results };
}
