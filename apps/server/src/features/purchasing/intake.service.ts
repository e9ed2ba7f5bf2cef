import type { Transaction } from 'kysely';
import { errors, type ErrorDetail } from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import { iso, type DB } from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';
import { createAsset, updateAsset, type CreateAssetInput } from '../assets/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import { orderLockKey, withOrderLock } from './order-lock.js';
import type { CreatePurchaseOrderInput, IntakeResult, PurchaseOrderLineInput } from './purchasing.schemas.js';
import {
  findOrderByNumber,
  findUnit,
  insertLines,
  insertOrderIfMissing,
  linesOf,
  linkUnit,
  orphansOf,
  unitsBySerial,
  unitsOfLines,
  type Db,
  type LineRow,
  type OrderRow,
  type UnitRow,
} from './purchasing.repo.js';
import { auditShape, orderView } from './purchasing.views.js';

import { refreshOrder, requireOrder, type PurchasingDeps } from './purchasing.service.js';

/** What one line of a posted order still needs so that it matches the order. */
interface LinePlan {
  line: LineRow;
  /** Assets an interrupted earlier intake created but did not link. */
  adopt: string[];
  /** One entry per asset to create: its serial, when known. */
  create: (string | null)[];
  /** Serials newly known for assets of the line that have none. */
  fill: { assetId: string; serial: string }[];
}

interface Prepared {
  order: OrderRow;
  orderCreated: boolean;
  linesAdded: number[];
  plans: LinePlan[];
}

const p = (i: number, field: string) => `body.lines[${i}].${field}`;

function differs(given: unknown, stored: unknown): boolean {
  if (typeof given === 'number' && stored !== null) return given !== Number(stored);
  return given !== stored;
}

function headerConflicts(order: OrderRow, input: CreatePurchaseOrderInput): ErrorDetail[] {
  const checks: [string, unknown, string | null][] = [
    ['body.orderedAt', input.orderedAt, order.ordered_at],
    ['body.expectedAt', input.expectedAt, order.expected_at],
    ['body.currency', input.currency, order.currency],
    ['body.shipTo.personId', input.shipTo?.personId, order.ship_to_person_id],
    ['body.shipTo.locationId', input.shipTo?.locationId, order.ship_to_location_id],
  ];
  return checks
    .filter(([, given, stored]) => given !== undefined && differs(given, stored))
    .map(([path, , stored]) => ({ path, reason: `the order already has ${stored ?? 'none'}` }));
}

function lineConflicts(existing: LineRow, line: PurchaseOrderLineInput, i: number): ErrorDetail[] {
  const checks: [string, unknown, unknown, boolean][] = [
    ['model', line.model, existing.model, true],
    ['quantity', line.quantity, existing.quantity, true],
    ['kind', line.kind, existing.kind, true],
    ['manufacturer', line.manufacturer, existing.manufacturer, line.manufacturer !== undefined],
    ['deviceType', line.deviceType, existing.device_type, line.deviceType !== undefined],
    ['unitPrice', line.unitPrice, existing.unit_price, line.unitPrice !== undefined],
  ];
  return checks
    .filter(([, given, stored, compare]) => compare && differs(given, stored))
    .map(([field, , stored]) => ({
      path: p(i, field),
      reason: `line ${line.lineNumber} was ordered with ${field} ${stored === null ? 'none' : String(stored)}`,
    }));
}

function fitsLine(u: UnitRow, line: LineRow): boolean {
  return (
    u.kind === line.kind &&
    u.model === line.model &&
    (u.manufacturer ?? null) === line.manufacturer &&
    (u.device_type ?? null) === line.device_type
  );
}

async function prepareIntake(
  trx: Transaction<DB>,
  ctx: RequestContext,
  deps: PurchasingDeps,
  input: CreatePurchaseOrderInput,
): Promise<Prepared> {
  const tenantId = ctx.principal.tenantId;
  const now = iso(deps.clock.now());
  let order = await findOrderByNumber(trx, tenantId, input.vendor, input.poNumber);
  let orderCreated = false;
  if (!order) {
    const row: OrderRow = {
      id: newId(),
      tenant_id: tenantId,
      vendor: input.vendor,
      po_number: input.poNumber,
      ordered_at: input.orderedAt ?? null,
      expected_at: input.expectedAt ?? null,
      ship_to_person_id: input.shipTo?.personId ?? null,
      ship_to_location_id: input.shipTo?.locationId ?? null,
      currency: input.currency ?? null,
      status: 'open',
      created_at: now,
      updated_at: now,
    };
    orderCreated = await insertOrderIfMissing(trx, row);
    order = orderCreated ? row : await findOrderByNumber(trx, tenantId, input.vendor, input.poNumber);
    if (!order) throw new Error('purchase order vanished while it was being created');
  }
  const conflicts = orderCreated ? [] : headerConflicts(order, input);

  const existing = await linesOf(trx, tenantId, [order.id]);
  const byNumber = new Map(existing.map((l) => [Number(l.line_number), l]));
  const newLines: LineRow[] = [];
  const lineAt: LineRow[] = input.lines.map((l, i) => {
    const found = byNumber.get(l.lineNumber);
    if (found) {
      conflicts.push(...lineConflicts(found, l, i));
      return found;
    }
    const row: LineRow = {
      id: newId(),
      tenant_id: tenantId,
      purchase_order_id: order.id,
      line_number: l.lineNumber,
      manufacturer: l.manufacturer ?? null,
      model: l.model,
      device_type: l.deviceType ?? null,
      kind: l.kind,
      quantity: l.quantity,
      unit_price: l.unitPrice ?? null,
      received_quantity: 0,
    };
    newLines.push(row);
    return row;
  });
  if (conflicts.length) {
    const lineNumbers = [
      ...new Set(
        conflicts
          .map((c) => /^body\.lines\[(\d+)\]/.exec(c.path)?.[1])
          .filter((i): i is string => i !== undefined)
          .map((i) => input.lines[Number(i)]?.lineNumber),
      ),
    ];
    throw errors.conflict(
      lineNumbers.length
        ? `Line ${lineNumbers.join(', ')} of purchase order ${order.po_number} (${order.vendor}) differs from what was ordered. A posted line is never changed; send a new line number for a new item.`
        : `Purchase order ${order.po_number} (${order.vendor}) already exists with other details; they are not changed by a re-post.`,
      conflicts,
    );
  }

  // Serials: each may already be on an asset only if that asset belongs to the same line (a re-post) or
  // is an unlinked unit of this order left by an interrupted intake.
  const orderLineIds = new Set([...existing, ...newLines].map((l) => l.id));
  const orphans = await orphansOf(trx, tenantId, order.vendor, order.po_number);
  const orphanIds = new Set(orphans.map((o) => o.id));
  const allSerials = input.lines.flatMap((l) => l.serials ?? []);
  const owners = new Map<string, UnitRow[]>();
  for (const u of await unitsBySerial(trx, tenantId, allSerials)) {
    if (u.serial_number) owners.set(u.serial_number, [...(owners.get(u.serial_number) ?? []), u]);
  }
  const lineNumberOf = new Map([...existing, ...newLines].map((l) => [l.id, Number(l.line_number)]));
  input.lines.forEach((l, i) => {
    (l.serials ?? []).forEach((serial, j) => {
      for (const u of owners.get(serial) ?? []) {
        if (u.purchase_order_line_id === lineAt[i]!.id || orphanIds.has(u.id)) continue;
        conflicts.push({
          path: `${p(i, 'serials')}[${j}]`,
          reason:
            u.purchase_order_line_id && orderLineIds.has(u.purchase_order_line_id)
              ? `serial ${serial} is already on line ${lineNumberOf.get(u.purchase_order_line_id)} of this order`
              : `serial ${serial} is already recorded on asset ${u.id}`,
        });
      }
    });
  });

  const linked = await unitsOfLines(
    trx,
    tenantId,
    existing.map((l) => l.id),
  );
  const pool = [...orphans];
  const take = (pick: (u: UnitRow) => boolean): UnitRow | undefined => {
    const at = pool.findIndex(pick);
    return at < 0 ? undefined : pool.splice(at, 1)[0];
  };
  const plans: LinePlan[] = input.lines.map((l, i) => {
    const line = lineAt[i]!;
    const quantity = Number(line.quantity);
    const mine = linked.filter((u) => u.purchase_order_line_id === line.id);
    const adopted: UnitRow[] = [];
    for (const serial of l.serials ?? []) {
      if (mine.length + adopted.length >= quantity) break;
      const o = take((u) => u.serial_number === serial);
      if (o) adopted.push(o);
    }
    while (mine.length + adopted.length < quantity) {
      const o = take((u) => u.serial_number === null && fitsLine(u, line));
      if (!o) break;
      adopted.push(o);
    }
    const units = [...mine, ...adopted];
    const known = new Set(units.map((u) => u.serial_number).filter((s): s is string => s !== null));
    const fresh = (l.serials ?? []).filter((s) => !known.has(s));
    const missing = Math.max(0, quantity - units.length);
    const create: (string | null)[] = Array.from({ length: missing }, (_, k) => fresh[k] ?? null);
    const leftover = fresh.slice(missing);
    const blanks = units.filter((u) => u.serial_number === null);
    if (leftover.length > blanks.length) {
      conflicts.push({
        path: p(i, 'serials'),
        reason: `line ${l.lineNumber} has ${quantity} units and ${blanks.length} without a serial; ${leftover.slice(blanks.length).join(', ')} cannot be placed`,
      });
    }
    return {
      line,
      adopt: adopted.map((u) => u.id),
      create,
      fill: leftover.slice(0, blanks.length).map((serial, k) => ({ assetId: blanks[k]!.id, serial })),
    };
  });
  if (conflicts.length) {
    throw errors.conflict(
      `Some serials of purchase order ${order.po_number} (${order.vendor}) cannot be recorded.`,
      conflicts,
    );
  }

  await insertLines(trx, newLines);
  const linesAfter = [...existing, ...newLines].sort((a, b) => Number(a.line_number) - Number(b.line_number));
  if (orderCreated) {
    await recordAudit(
      trx,
      auditFrom(ctx, {
        action: 'purchase_order.created',
        target: { type: 'purchase_order', id: order.id },
        after: auditShape(order, linesAfter),
      }),
      deps.clock,
    );
  } else if (newLines.length) {
    await recordAudit(
      trx,
      auditFrom(ctx, {
        action: 'purchase_order.lines_added',
        target: { type: 'purchase_order', id: order.id },
        before: auditShape(order, existing),
        after: auditShape(order, linesAfter),
      }),
      deps.clock,
    );
  }
  return { order, orderCreated, linesAdded: newLines.map((l) => Number(l.line_number)), plans };
}

/**
 * Assets are created one transaction each through the asset service; on PostgreSQL a few run side by
 * side (SQLite has one connection, so there it stays sequential).
 */
const PG_CREATE_CONCURRENCY = 4;

async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function assetInput(order: OrderRow, line: LineRow, serial: string | null): CreateAssetInput {
  return {
    kind: line.kind as CreateAssetInput['kind'],
    lifecycleState: 'ordered',
    poNumber: order.po_number,
    vendor: order.vendor,
    model: line.model,
    ...(line.manufacturer !== null ? { manufacturer: line.manufacturer } : {}),
    ...(line.device_type !== null ? { deviceType: line.device_type } : {}),
    ...(line.unit_price !== null ? { purchasePrice: Number(line.unit_price) } : {}),
    ...(order.ordered_at !== null ? { purchaseDate: order.ordered_at.slice(0, 10) } : {}),
    ...(serial !== null ? { serialNumber: serial } : {}),
  };
}

async function checkShipTo(db: Db, tenantId: string, shipTo: CreatePurchaseOrderInput['shipTo']) {
  const problems: ErrorDetail[] = [];
  if (shipTo?.personId) {
    const found = await db
      .selectFrom('people')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', shipTo.personId)
      .executeTakeFirst();
    if (!found) problems.push({ path: 'body.shipTo.personId', reason: 'no such person' });
  }
  if (shipTo?.locationId) {
    const found = await db
      .selectFrom('locations')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', shipTo.locationId)
      .executeTakeFirst();
    if (!found) problems.push({ path: 'body.shipTo.locationId', reason: 'no such location' });
  }
  if (problems.length) throw errors.validation('A reference does not exist.', problems);
}

/**
 * A reseller's order: creates the order, its lines and one `ordered` asset per unit. Idempotent on
 * vendor + PO number + line number, and safe to retry after a failure part-way: each line creates only
 * the units it is still missing (adopting units an interrupted attempt created but did not link).
 * `created` is true when this call created anything (the order, a line or assets).
 */
export async function intakePurchaseOrder(
  deps: PurchasingDeps,
  ctx: RequestContext,
  input: CreatePurchaseOrderInput,
): Promise<{ created: boolean; result: IntakeResult }> {
  const { tenantId } = authorize(ctx.principal, 'operator');
  await checkShipTo(deps.db, tenantId, input.shipTo);
  return withOrderLock(deps, orderLockKey(tenantId, input.vendor, input.poNumber), async () => {
    const prepared = await deps.db.transaction().execute((trx) => prepareIntake(trx, ctx, deps, input));
    const { order } = prepared;
    let assetsCreated = 0;
    let serialsAdded = 0;
    for (const plan of prepared.plans) {
      for (const id of plan.adopt) if (await linkUnit(deps.db, tenantId, id, plan.line.id)) assetsCreated++;
      await eachLimited(
        plan.create,
        deps.dialect === 'postgres' ? PG_CREATE_CONCURRENCY : 1,
        async (serial) => {
          const asset = await createAsset(deps, ctx, assetInput(order, plan.line, serial), {
            source: 'purchasing',
          });
          await linkUnit(deps.db, tenantId, asset.id, plan.line.id);
          assetsCreated++;
        },
      );
      for (const { assetId, serial } of plan.fill) {
        const unit = await findUnit(deps.db, tenantId, assetId);
        if (!unit || unit.serial_number !== null) continue;
        await updateAsset(
          deps,
          ctx,
          assetId,
          { serialNumber: serial, version: unit.version },
          { source: 'purchasing' },
        );
        serialsAdded++;
      }
    }
    await refreshOrder(deps, ctx, tenantId, order.id, 'purchase_order.updated');
    const view = await orderView(deps.db, tenantId, await requireOrder(deps.db, tenantId, order.id));
    return {
      created: prepared.orderCreated || prepared.linesAdded.length > 0 || assetsCreated > 0,
      result: {
        ...view,
        intake: {
          orderCreated: prepared.orderCreated,
          linesAdded: prepared.linesAdded,
          assetsCreated,
          serialsAdded,
        },
      },
    };
  });
}
