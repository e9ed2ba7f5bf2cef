import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/http/index.js';
import { errorResponses } from '../../platform/http/schemas.js';
import {
  createPurchaseOrderSchema,
  dockReceiveResponseSchema,
  dockReceiveSchema,
  intakeResultSchema,
  purchaseOrderIdParams,
  purchaseOrderListQuery,
  purchaseOrderSchema,
  purchaseOrderSummarySchema,
  receiveResponseSchema,
  receiveSchema,
} from './purchasing.schemas.js';
import { getPurchaseOrder, listPurchaseOrders, type PurchasingDeps } from './purchasing.service.js';
import { intakePurchaseOrder } from './intake.service.js';
import { receiveAgainstOrder, receiveAtDock } from './receiving.service.js';

export function registerPurchasingRoutes(app: FastifyInstance, deps: PurchasingDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Purchasing'];

  r.post(
    '/api/v1/purchase-orders',
    {
      schema: {
        tags,
        summary: 'Post a reseller order (idempotent)',
        description: [
          'Called by a reseller (CDW, SHI…) with an API token when an order is placed. Needs operator.',
          'Creates the order (status open), its lines and one asset per unit in lifecycle state `ordered`, carrying the',
          'order’s vendor, PO number, order date, and the line’s manufacturer, model, type and unit price; known serials',
          'are set on the assets.',
          '',
          'Idempotent on vendor + PO number + line number. **201** means this request created something (the order, a',
          'new line, or units an interrupted earlier attempt left missing); **200** means everything was already there',
          'and nothing was created. Re-posting with an extra line adds only that line’s assets. Serials a re-post adds',
          'to an existing line go on its units that have none. A line whose model, quantity, kind, or a given',
          'manufacturer, type or price differs from what was posted before answers **409** naming the line; so does a',
          'given order date, expected date, currency or ship-to that differs. Safe to retry after any failure.',
        ].join('\n'),
        body: createPurchaseOrderSchema,
        response: { 200: intakeResultSchema, 201: intakeResultSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { created, result } = await intakePurchaseOrder(deps, contextOf(req), req.body);
      return reply.code(created ? 201 : 200).send(result);
    },
  );
  r.get(
    '/api/v1/purchase-orders',
    {
      schema: {
        tags,
        summary: 'List purchase orders',
        description: 'Newest first; filter by status and vendor; keyset paging with `cursor`.',
        querystring: purchaseOrderListQuery,
        response: {
          200: z.object({ items: z.array(purchaseOrderSummarySchema), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (req) => listPurchaseOrders(deps, contextOf(req), req.query),
  );
  r.get(
    '/api/v1/purchase-orders/:id',
    {
      schema: {
        tags,
        summary: 'Get a purchase order with its lines, counts and assets',
        params: purchaseOrderIdParams,
        response: { 200: purchaseOrderSchema, ...errorResponses },
      },
    },
    async (req) => getPurchaseOrder(deps, contextOf(req), req.params.id),
  );
  r.post(
    '/api/v1/purchase-orders/:id/receive',
    {
      schema: {
        tags,
        summary: 'Receive scanned or typed serials against the order',
        description: [
          'Needs operator. Serials are trimmed and upper-cased. For each: an `ordered` asset of the order with that',
          'serial is moved to `received`; otherwise the serial is set on an `ordered` unit without one — on',
          '`lineNumber` when given, else on the only line that has such units — which is then received. Each serial',
          'gets a result: received, already_received (including a repeat scan), unmatched or ambiguous, with a reason.',
          'The lines’ received counts and the order’s status (open, partially_received, received) follow.',
        ].join('\n'),
        params: purchaseOrderIdParams,
        body: receiveSchema,
        response: { 200: receiveResponseSchema, ...errorResponses },
      },
    },
    async (req) => receiveAgainstOrder(deps, contextOf(req), req.params.id, req.body),
  );
  r.post(
    '/api/v1/receiving',
    {
      schema: {
        tags,
        summary: 'Receive at the dock, without knowing the order',
        description:
          'Needs operator. Each serial finds its purchase order through the ordered asset that carries it; a serial nobody has recorded goes to the one order line in the tenant that awaits serials (ambiguous when several do: receive against the order with lineNumber instead).',
        body: dockReceiveSchema,
        response: { 200: dockReceiveResponseSchema, ...errorResponses },
      },
    },
    async (req) => receiveAtDock(deps, contextOf(req), req.body),
  );
}
