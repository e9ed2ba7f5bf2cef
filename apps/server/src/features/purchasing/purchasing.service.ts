import { errors } from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import { iso, type Dialect } from '../../platform/db/index.js';
import type { AssetDeps } from '../assets/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import { orderLockKey } from './order-lock.js';
import type {
  PoStatus,
  PurchaseOrderListQuery,
  PurchaseOrderSummary,
  PurchaseOrderView,
} from './purchasing.schemas.js';
import {
  findOrder,
  linesOf,
  pageOrders,
  receivedCounts,
  setLineReceived,
  setOrderStatus,
  type Db,
  type LineRow,
  type OrderRow,
} from './purchasing.repo.js';
import { orderSummaries, orderView } from './purchasing.views.js';

export interface PurchasingDeps extends AssetDeps {
  dialect: Dialect;
}

export async function requireOrder(db: Db, tenantId: string, id: string): Promise<OrderRow> {
  const row = await findOrder(db, tenantId, id);
  if (!row) throw errors.notFound('Purchase order');
  return row;
}

export function lockKeyOf(order: Pick<OrderRow, 'tenant_id' | 'vendor' | 'po_number'>): string {
  return orderLockKey(order.tenant_id, order.vendor, order.po_number);
}

export async function getPurchaseOrder(
  deps: PurchasingDeps,
  ctx: RequestContext,
  id: string,
): Promise<PurchaseOrderView> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  return orderView(deps.db, tenantId, await requireOrder(deps.db, tenantId, id));
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(id)) {
    throw errors.validation('The cursor is invalid.', [
      { path: 'query.cursor', reason: 'not a cursor from this API' },
    ]);
  }
  return id;
}

/** Orders newest first, filtered by status and vendor, keyset-paged. */
export async function listPurchaseOrders(
  deps: PurchasingDeps,
  ctx: RequestContext,
  q: PurchaseOrderListQuery,
): Promise<{ items: PurchaseOrderSummary[]; nextCursor: string | null }> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const rows = await pageOrders(deps.db, tenantId, {
    status: q.status,
    vendor: q.vendor,
    limit: q.limit,
    beforeId: q.cursor ? decodeCursor(q.cursor) : undefined,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: await orderSummaries(deps.db, tenantId, page),
    nextCursor: rows.length > q.limit && last ? Buffer.from(last.id).toString('base64url') : null,
  };
}

/**
 * Bring the lines' received counts and the order's status in line with its assets; audited (with the
 * given action) in the same transaction when anything changed.
 */
export async function refreshOrder(
  deps: PurchasingDeps,
  ctx: RequestContext,
  tenantId: string,
  orderId: string,
  action: string,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const order = await requireOrder(trx, tenantId, orderId);
    const lines = await linesOf(trx, tenantId, [orderId]);
    const counts = await receivedCounts(
      trx,
      tenantId,
      lines.map((l) => l.id),
    );
    const shape = (status: string, received: (l: LineRow) => number) => ({
      status,
      receivedByLine: Object.fromEntries(lines.map((l) => [String(l.line_number), received(l)])),
    });
    let changed = false;
    for (const l of lines) {
      const n = counts.get(l.id) ?? 0;
      if (n !== Number(l.received_quantity)) {
        await setLineReceived(trx, tenantId, l.id, n);
        changed = true;
      }
    }
    const total = lines.reduce((n, l) => n + Number(l.quantity), 0);
    const received = lines.reduce((n, l) => n + (counts.get(l.id) ?? 0), 0);
    const status: PoStatus = received === 0 ? 'open' : received >= total ? 'received' : 'partially_received';
    if (status !== order.status) {
      await setOrderStatus(trx, tenantId, orderId, status, iso(deps.clock.now()));
      changed = true;
    }
    if (!changed) return;
    await recordAudit(
      trx,
      auditFrom(ctx, {
        action,
        target: { type: 'purchase_order', id: orderId },
        before: shape(order.status, (l) => Number(l.received_quantity)),
        after: shape(status, (l) => counts.get(l.id) ?? 0),
      }),
      deps.clock,
    );
  });
}

// ---------------------------------------------------------------------------------------------------
// Intake
