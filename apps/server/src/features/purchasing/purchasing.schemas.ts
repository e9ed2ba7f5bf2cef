import { z } from 'zod';
import { ACCESSORY_TYPES, DEVICE_TYPES, assetKindSchema } from '@steward/domain';

export const PO_STATUSES = ['open', 'partially_received', 'received'] as const;
export type PoStatus = (typeof PO_STATUSES)[number];

/** The most units one request may order, so one call stays within a request's time. */
export const MAX_UNITS_PER_REQUEST = 10_000;

/** Serials are compared as the asset store keeps them: trimmed and upper-cased. */
export function normaliseSerial(serial: string): string {
  return serial.trim().toUpperCase();
}

export const serialSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .transform((s) => s.toUpperCase());

const text = (max: number) => z.string().trim().min(1).max(max);
const dateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
const TYPE_VALUES = [...new Set<string>([...DEVICE_TYPES, ...ACCESSORY_TYPES])] as [string, ...string[]];
const DEVICE_TYPE_SET = new Set<string>(DEVICE_TYPES);
const ACCESSORY_TYPE_SET = new Set<string>(ACCESSORY_TYPES);

export const purchaseOrderLineInput = z
  .strictObject({
    lineNumber: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .describe('The reseller’s line number, unique in the order'),
    manufacturer: text(200).optional(),
    model: text(500),
    deviceType: z.enum(TYPE_VALUES).optional(),
    kind: assetKindSchema.default('device'),
    quantity: z.number().int().min(1).max(MAX_UNITS_PER_REQUEST),
    unitPrice: z.number().finite().min(0).optional(),
    serials: z
      .array(serialSchema)
      .max(MAX_UNITS_PER_REQUEST)
      .optional()
      .describe('Serials already known (at most quantity); the rest are set on receiving'),
  })
  .superRefine((line, ctx) => {
    if (line.serials && line.serials.length > line.quantity) {
      ctx.addIssue({
        code: 'custom',
        path: ['serials'],
        message: `${line.serials.length} serials for a quantity of ${line.quantity}`,
      });
    }
    if (line.deviceType) {
      const fits = line.kind === 'device' ? DEVICE_TYPE_SET : ACCESSORY_TYPE_SET;
      if (!fits.has(line.deviceType))
        ctx.addIssue({
          code: 'custom',
          path: ['deviceType'],
          message: `${line.deviceType} is not a type of ${line.kind}`,
        });
    }
  });
export type PurchaseOrderLineInput = z.infer<typeof purchaseOrderLineInput>;

export const createPurchaseOrderSchema = z
  .strictObject({
    vendor: text(200).describe('The reseller or vendor, e.g. CDW'),
    poNumber: text(100),
    orderedAt: dateOrDateTime.optional().describe('Order date; becomes the assets’ purchaseDate'),
    expectedAt: dateOrDateTime.optional(),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/, 'an ISO 4217 code such as USD')
      .transform((c) => c.toUpperCase())
      .optional(),
    shipTo: z
      .strictObject({
        personId: z.string().min(1).max(64).optional(),
        locationId: z.string().min(1).max(64).optional(),
      })
      .optional(),
    lines: z.array(purchaseOrderLineInput).min(1).max(1000),
  })
  .superRefine((po, ctx) => {
    const lineAt = new Map<number, number>();
    const serialAt = new Map<string, string>();
    let units = 0;
    po.lines.forEach((line, i) => {
      units += line.quantity;
      const first = lineAt.get(line.lineNumber);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['lines', i, 'lineNumber'],
          message: `line ${line.lineNumber} appears twice (also at lines[${first}])`,
        });
      } else lineAt.set(line.lineNumber, i);
      (line.serials ?? []).forEach((serial, j) => {
        const where = `lines[${i}].serials[${j}]`;
        const seen = serialAt.get(serial);
        if (seen) {
          ctx.addIssue({
            code: 'custom',
            path: ['lines', i, 'serials', j],
            message: `serial ${serial} appears twice (also at ${seen})`,
          });
        } else serialAt.set(serial, where);
      });
    });
    if (units > MAX_UNITS_PER_REQUEST) {
      ctx.addIssue({
        code: 'custom',
        path: ['lines'],
        message: `${units} units in one order; at most ${MAX_UNITS_PER_REQUEST} per request`,
      });
    }
  });
export type CreatePurchaseOrderInput = z.infer<typeof createPurchaseOrderSchema>;

export const purchaseOrderLineSchema = z
  .object({
    lineNumber: z.number().int(),
    manufacturer: z.string().nullable(),
    model: z.string(),
    deviceType: z.string().nullable(),
    kind: assetKindSchema,
    quantity: z.number().int().describe('Units ordered'),
    unitPrice: z.number().nullable(),
    receivedQuantity: z
      .number()
      .int()
      .describe('Units received: the line’s assets that have left ordered (not counting lost or stolen)'),
    assetIds: z.array(z.string()).describe('The assets created for the line, oldest first'),
  })
  .meta({ id: 'PurchaseOrderLine' });
export type PurchaseOrderLineView = z.infer<typeof purchaseOrderLineSchema>;

const orderFields = {
  id: z.string(),
  vendor: z.string(),
  poNumber: z.string(),
  status: z.enum(PO_STATUSES),
  orderedAt: z.string().nullable(),
  expectedAt: z.string().nullable(),
  currency: z.string().nullable(),
  shipTo: z.object({ personId: z.string().nullable(), locationId: z.string().nullable() }),
  quantity: z.number().int().describe('Units ordered on all lines'),
  receivedQuantity: z.number().int().describe('Units received on all lines'),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const purchaseOrderSchema = z
  .object({ ...orderFields, lines: z.array(purchaseOrderLineSchema) })
  .meta({ id: 'PurchaseOrder' });
export type PurchaseOrderView = z.infer<typeof purchaseOrderSchema>;

export const purchaseOrderSummarySchema = z
  .object({ ...orderFields, lineCount: z.number().int() })
  .meta({ id: 'PurchaseOrderSummary' });
export type PurchaseOrderSummary = z.infer<typeof purchaseOrderSummarySchema>;

export const intakeResultSchema = z
  .object({
    ...orderFields,
    lines: z.array(purchaseOrderLineSchema),
    intake: z
      .object({
        orderCreated: z.boolean().describe('This request created the order'),
        linesAdded: z.array(z.number().int()).describe('Line numbers this request added'),
        assetsCreated: z.number().int().describe('Assets this request created (or completed)'),
        serialsAdded: z
          .number()
          .int()
          .describe('Serials of existing lines newly set on their assets that had none'),
      })
      .describe('What this request changed; all zero/empty when the order was already known'),
  })
  .meta({ id: 'PurchaseOrderIntake' });
export type IntakeResult = z.infer<typeof intakeResultSchema>;

export const purchaseOrderListQuery = z.strictObject({
  status: z.enum(PO_STATUSES).optional(),
  vendor: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
export type PurchaseOrderListQuery = z.infer<typeof purchaseOrderListQuery>;

export const purchaseOrderIdParams = z.strictObject({ id: z.string().min(1).max(64) });

export const RECEIVE_STATUSES = ['received', 'already_received', 'unmatched', 'ambiguous'] as const;
export type ReceiveStatus = (typeof RECEIVE_STATUSES)[number];

export const receiveResultSchema = z
  .object({
    serial: z.string().describe('The serial as scanned, normalised (trimmed, upper-case)'),
    status: z.enum(RECEIVE_STATUSES),
    assetId: z.string().optional(),
    purchaseOrderId: z.string().optional(),
    lineNumber: z.number().int().optional(),
    reason: z.string().optional(),
  })
  .meta({ id: 'ReceiveResult' });
export type ReceiveResult = z.infer<typeof receiveResultSchema>;

const scannedSerials = z.array(serialSchema).min(1).max(1000);

export const receiveSchema = z.strictObject({
  serials: scannedSerials,
  lineNumber: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('The line new serials belong to, when more than one line awaits serials'),
});
export type ReceiveInput = z.infer<typeof receiveSchema>;

export const dockReceiveSchema = z.strictObject({ serials: scannedSerials });
export type DockReceiveInput = z.infer<typeof dockReceiveSchema>;

export const receiveResponseSchema = z.object({
  results: z.array(receiveResultSchema),
  purchaseOrder: purchaseOrderSchema,
});
export const dockReceiveResponseSchema = z.object({ results: z.array(receiveResultSchema) });
