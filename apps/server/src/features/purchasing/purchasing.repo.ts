import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, PurchaseOrderLinesTable, PurchaseOrdersTable } from '../../platform/db/index.js';

export type Db = Kysely<DB> | Transaction<DB>;
export type OrderRow = Selectable<PurchaseOrdersTable>;
export type LineRow = Selectable<PurchaseOrderLinesTable>;

/** What purchasing needs to know about an asset linked to (or adoptable by) an order line. */
export interface UnitRow {
  id: string;
  purchase_order_line_id: string | null;
  serial_number: string | null;
  lifecycle_state: string;
  version: number;
  model: string | null;
  manufacturer: string | null;
  device_type: string | null;
  kind: string;
}

/** SQLite limits bound parameters per statement; large IN lists go in chunks. */
const CHUNK = 500;
function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export function findOrder(db: Db, tenantId: string, id: string): Promise<OrderRow | undefined> {
  return db
    .selectFrom('purchase_orders')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findOrderByNumber(
  db: Db,
  tenantId: string,
  vendor: string,
  poNumber: string,
): Promise<OrderRow | undefined> {
  return db
    .selectFrom('purchase_orders')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('vendor', '=', vendor)
    .where('po_number', '=', poNumber)
    .executeTakeFirst();
}

/** Insert the order unless (tenant, vendor, PO number) exists; true when this call inserted it. */
export async function insertOrderIfMissing(db: Db, row: OrderRow): Promise<boolean> {
  await db
    .insertInto('purchase_orders')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'vendor', 'po_number']).doNothing())
    .execute();
  const stored = await findOrderByNumber(db, row.tenant_id, row.vendor, row.po_number);
  return stored?.id === row.id;
}

export async function insertLines(db: Db, rows: LineRow[]): Promise<void> {
  for (const part of chunks(rows)) await db.insertInto('purchase_order_lines').values(part).execute();
}

export async function linesOf(db: Db, tenantId: string, orderIds: string[]): Promise<LineRow[]> {
  if (orderIds.length === 0) return [];
  const out: LineRow[] = [];
  for (const part of chunks(orderIds)) {
    out.push(
      ...(await db
        .selectFrom('purchase_order_lines')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('purchase_order_id', 'in', part)
        .orderBy('purchase_order_id')
        .orderBy('line_number')
        .execute()),
    );
  }
  return out;
}

const UNIT_COLUMNS = [
  'id',
  'purchase_order_line_id',
  'serial_number',
  'lifecycle_state',
  'version',
  'model',
  'manufacturer',
  'device_type',
  'kind',
] as const;

function asUnit(r: Omit<UnitRow, 'version'> & { version: number | string }): UnitRow {
  return { ...r, version: Number(r.version) };
}

/** The assets linked to the given lines, oldest first. */
export async function unitsOfLines(db: Db, tenantId: string, lineIds: string[]): Promise<UnitRow[]> {
  const out: UnitRow[] = [];
  for (const part of chunks(lineIds)) {
    const rows = await db
      .selectFrom('assets')
      .select(UNIT_COLUMNS)
      .where('tenant_id', '=', tenantId)
      .where('purchase_order_line_id', 'in', part)
      .orderBy('id')
      .execute();
    out.push(...rows.map(asUnit));
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Assets an earlier, interrupted intake of this order created but did not get to link: still ordered,
 * carrying the order's vendor and PO number, linked to no line.
 */
export async function orphansOf(
  db: Db,
  tenantId: string,
  vendor: string,
  poNumber: string,
): Promise<UnitRow[]> {
  const rows = await db
    .selectFrom('assets')
    .select(UNIT_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('po_number', '=', poNumber)
    .where('vendor', '=', vendor)
    .where('lifecycle_state', '=', 'ordered')
    .where('purchase_order_line_id', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map(asUnit);
}

/** Of the given lines, those with an ordered unit that has no serial yet (line id → how many). */
export async function linesWithUnitsAwaitingSerial(
  db: Db,
  tenantId: string,
  lineIds: string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const part of chunks(lineIds)) {
    const rows = await db
      .selectFrom('assets')
      .select(['purchase_order_line_id', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('tenant_id', '=', tenantId)
      .where('purchase_order_line_id', 'in', part)
      .where('lifecycle_state', '=', 'ordered')
      .where('serial_number', 'is', null)
      .groupBy('purchase_order_line_id')
      .execute();
    for (const r of rows) if (r.purchase_order_line_id) out.set(r.purchase_order_line_id, Number(r.n));
  }
  return out;
}

/** The oldest ordered unit of the line that has no serial yet. */
export async function firstUnitAwaitingSerial(
  db: Db,
  tenantId: string,
  lineId: string,
): Promise<UnitRow | undefined> {
  const r = await db
    .selectFrom('assets')
    .select(UNIT_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('purchase_order_line_id', '=', lineId)
    .where('lifecycle_state', '=', 'ordered')
    .where('serial_number', 'is', null)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return r ? asUnit(r) : undefined;
}

/** Every asset of the tenant carrying one of the serials. */
export async function unitsBySerial(db: Db, tenantId: string, serials: string[]): Promise<UnitRow[]> {
  const out: UnitRow[] = [];
  for (const part of chunks([...new Set(serials)])) {
    const rows = await db
      .selectFrom('assets')
      .select(UNIT_COLUMNS)
      .where('tenant_id', '=', tenantId)
      .where('serial_number', 'in', part)
      .orderBy('id')
      .execute();
    out.push(...rows.map(asUnit));
  }
  return out;
}

export async function findUnit(db: Db, tenantId: string, id: string): Promise<UnitRow | undefined> {
  const r = await db
    .selectFrom('assets')
    .select(UNIT_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? asUnit(r) : undefined;
}

/** Link an asset to its order line, unless another intake linked it first; true when this call did. */
export async function linkUnit(db: Db, tenantId: string, assetId: string, lineId: string): Promise<boolean> {
  const r = await db
    .updateTable('assets')
    .set({ purchase_order_line_id: lineId })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', assetId)
    .where('purchase_order_line_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Order lines of the tenant's not-yet-received orders that have an ordered unit without a serial. */
export async function linesAwaitingSerials(
  db: Db,
  tenantId: string,
): Promise<{ line_id: string; purchase_order_id: string; line_number: number }[]> {
  const rows = await db
    .selectFrom('assets')
    .innerJoin('purchase_order_lines', 'purchase_order_lines.id', 'assets.purchase_order_line_id')
    .select([
      'purchase_order_lines.id as line_id',
      'purchase_order_lines.purchase_order_id',
      'purchase_order_lines.line_number',
    ])
    .where('assets.tenant_id', '=', tenantId)
    .where('purchase_order_lines.tenant_id', '=', tenantId)
    .where('assets.lifecycle_state', '=', 'ordered')
    .where('assets.serial_number', 'is', null)
    .distinct()
    .limit(50)
    .execute();
  return rows.map((r) => ({ ...r, line_number: Number(r.line_number) }));
}

/** Units received per line: linked assets that have left ordered, other than lost or stolen in transit. */
export async function receivedCounts(
  db: Db,
  tenantId: string,
  lineIds: string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const part of chunks(lineIds)) {
    const rows = await db
      .selectFrom('assets')
      .select(['purchase_order_line_id', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('tenant_id', '=', tenantId)
      .where('purchase_order_line_id', 'in', part)
      .where('lifecycle_state', 'not in', ['ordered', 'lost', 'stolen'])
      .groupBy('purchase_order_line_id')
      .execute();
    for (const r of rows) if (r.purchase_order_line_id) out.set(r.purchase_order_line_id, Number(r.n));
  }
  return out;
}

export async function setLineReceived(db: Db, tenantId: string, lineId: string, n: number): Promise<void> {
  await db
    .updateTable('purchase_order_lines')
    .set({ received_quantity: n })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', lineId)
    .execute();
}

export async function setOrderStatus(
  db: Db,
  tenantId: string,
  id: string,
  status: string,
  updatedAt: string,
): Promise<void> {
  await db
    .updateTable('purchase_orders')
    .set({ status, updated_at: updatedAt })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export interface OrderPageQuery {
  status?: string | undefined;
  vendor?: string | undefined;
  limit: number;
  /** Newest first: the page continues below this id. */
  beforeId?: string | undefined;
}

/** Orders newest first (ids are time-ordered), keyset-paged on id. */
export function pageOrders(db: Db, tenantId: string, q: OrderPageQuery): Promise<OrderRow[]> {
  let query = db.selectFrom('purchase_orders').selectAll().where('tenant_id', '=', tenantId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.vendor) query = query.where('vendor', '=', q.vendor);
  if (q.beforeId) query = query.where('id', '<', q.beforeId);
  return query
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
}
