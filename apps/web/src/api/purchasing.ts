// Shapes of the purchasing API (purchase orders, receiving). Kept by hand like records.ts; the server's zod
// schemas (apps/server/src/features/purchasing/purchasing.schemas.ts) are the source of truth, and
// server-copy.test.ts fails when the constants here drift from them.
import type { AssetKind } from './records.js';

export const PO_STATUSES = ['open', 'partially_received', 'received'] as const;
export type PoStatus = (typeof PO_STATUSES)[number];

export const RECEIVE_STATUSES = ['received', 'already_received', 'unmatched', 'ambiguous'] as const;
export type ReceiveStatus = (typeof RECEIVE_STATUSES)[number];

export interface PurchaseOrderSummary {
  id: string;
  vendor: string;
  poNumber: string;
  status: PoStatus;
  orderedAt: string | null;
  expectedAt: string | null;
  currency: string | null;
  shipTo: { personId: string | null; locationId: string | null };
  /** Units ordered on all lines. */
  quantity: number;
  /** Units received on all lines. */
  receivedQuantity: number;
  createdAt: string;
  updatedAt: string;
  lineCount: number;
}

export interface PurchaseOrderLine {
  lineNumber: number;
  manufacturer: string | null;
  model: string;
  deviceType: string | null;
  kind: AssetKind;
  quantity: number;
  unitPrice: number | null;
  receivedQuantity: number;
  /** The assets created for the line, oldest first. */
  assetIds: string[];
}

export interface PurchaseOrder extends Omit<PurchaseOrderSummary, 'lineCount'> {
  lines: PurchaseOrderLine[];
}

/** What happened to one scanned serial. */
export interface ReceiveResult {
  /** As scanned, normalised (trimmed, upper-case). */
  serial: string;
  status: ReceiveStatus;
  assetId?: string;
  purchaseOrderId?: string;
  lineNumber?: number;
  reason?: string;
}

/** Serials are compared as the server keeps them: trimmed and upper-cased. */
export function normaliseSerial(serial: string): string {
  return serial.trim().toUpperCase();
}
