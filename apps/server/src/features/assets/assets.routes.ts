import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LIFECYCLE_STATES } from '@steward/domain';
import { authorize } from '../../platform/auth/index.js';
import { contextOf } from '../../platform/http/index.js';
import { queryFromQuerystring } from './asset.querystring.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { registerTimelineRoute } from '../audit/index.js';
import { queryAssets } from './asset.page.js';
import { assetListQuerystring, assetPageSchema, assetQuerySchema } from './asset.query.schemas.js';
import {
  assetIdParams,
  assetSchema,
  assignSchema,
  createAssetSchema,
  legalHoldSchema,
  tagSchema,
  transitionSchema,
  updateAssetSchema,
} from './asset.schemas.js';
import { stateCounts } from './assets.repo.js';
import {
  createAsset,
  deleteAsset,
  getAsset,
  setLegalHold,
  transitionAsset,
  updateAsset,
  type AssetDeps,
} from './assets.service.js';
import {
  assignAsset,
  assignmentHistory,
  assignmentSchema,
  overdueAssignments,
  unassignAsset,
} from './assignment.service.js';

export type AssetRouteDeps = AssetDeps & { publicUrl: () => string };

export function registerAssetRoutes(app: FastifyInstance, deps: AssetRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Assets'];

  r.get(
    '/api/v1/assets',
    {
      schema: {
        tags,
        summary: 'List assets',
        description:
          'Typed filters on any canonical or custom attribute (`filter` is a JSON array of {field, op, value}; ops eq, neq, in, gt, gte, lt, lte, prefix, exists), free-text `q`, `sort` (prefix - for descending), keyset paging with `cursor`, `fields`, and `count`.',
        querystring: assetListQuerystring,
        response: { 200: assetPageSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { tenantId } = authorize(contextOf(req).principal, 'viewer');
      return queryAssets(deps.db, tenantId, queryFromQuerystring(req.query), 'query.');
    },
  );
  r.post(
    '/api/v1/assets/search',
    {
      schema: {
        tags,
        summary: 'Query assets (JSON form of the list)',
        body: assetQuerySchema,
        response: { 200: assetPageSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { tenantId } = authorize(contextOf(req).principal, 'viewer');
      return queryAssets(deps.db, tenantId, req.body);
    },
  );
  r.get(
    '/api/v1/assets/counts',
    {
      schema: {
        tags,
        summary: 'How many assets are in each lifecycle state',
        querystring: z.strictObject({ kind: z.enum(['device', 'accessory']).optional() }),
        response: {
          200: z.object({
            byLifecycleState: z.record(z.enum(LIFECYCLE_STATES), z.number().int()),
            total: z.number().int(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { tenantId } = authorize(contextOf(req).principal, 'viewer');
      const rows = await stateCounts(deps.db, tenantId, req.query.kind);
      const by = Object.fromEntries(LIFECYCLE_STATES.map((s) => [s, 0])) as Record<
        (typeof LIFECYCLE_STATES)[number],
        number
      >;
      for (const row of rows) by[row.lifecycle_state as (typeof LIFECYCLE_STATES)[number]] = Number(row.n);
      return { byLifecycleState: by, total: Object.values(by).reduce((a, b) => a + b, 0) };
    },
  );
  r.post(
    '/api/v1/assets',
    {
      schema: {
        tags,
        summary: 'Create an asset',
        description: 'Needs operator.',
        body: createAssetSchema,
        response: { 201: assetSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createAsset(deps, contextOf(req), req.body)),
  );
  r.get(
    '/api/v1/assets/:id',
    {
      schema: {
        tags,
        summary: 'Get an asset',
        params: assetIdParams,
        response: { 200: assetSchema, ...errorResponses },
      },
    },
    async (req) => getAsset(deps, contextOf(req), req.params.id),
  );
  r.patch(
    '/api/v1/assets/:id',
    {
      schema: {
        tags,
        summary: 'Edit attributes, tags or custom values',
        description:
          'null clears a value. Lifecycle, assignment and legal hold have their own actions. Send the version you read to detect concurrent edits.',
        params: assetIdParams,
        body: updateAssetSchema,
        response: { 200: assetSchema, ...errorResponses },
      },
    },
    async (req) => updateAsset(deps, contextOf(req), req.params.id, req.body),
  );
  r.delete(
    '/api/v1/assets/:id',
    {
      schema: {
        tags,
        summary: 'Delete an asset (refused under legal hold)',
        params: assetIdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deleteAsset(deps, contextOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
  r.post(
    '/api/v1/assets/:id/transition',
    {
      schema: {
        tags,
        summary: 'Move an asset to another lifecycle state',
        description:
          'An illegal transition answers 409 naming the allowed states. Disposal needs a method; destruction needs a certificate attachment; legal hold refuses disposal.',
        params: assetIdParams,
        body: transitionSchema,
        response: { 200: assetSchema, ...errorResponses },
      },
    },
    async (req) => transitionAsset(deps, contextOf(req), req.params.id, req.body),
  );
  r.put(
    '/api/v1/assets/:id/legal-hold',
    {
      schema: {
        tags,
        summary: 'Set or release legal hold (admin)',
        params: assetIdParams,
        body: legalHoldSchema,
        response: { 200: assetSchema, ...errorResponses },
      },
    },
    async (req) => setLegalHold(deps, contextOf(req), req.params.id, req.body),
  );
  r.put(
    '/api/v1/assets/:id/tags',
    {
      schema: {
        tags,
        summary: 'Replace the tags',
        params: assetIdParams,
        body: z.strictObject({ tags: z.array(tagSchema).max(50) }),
        response: { 200: assetSchema, ...errorResponses },
      },
    },
    async (req) => updateAsset(deps, contextOf(req), req.params.id, { tags: req.body.tags }),
  );
  r.post(
    '/api/v1/assets/:id/assign',
    {
      schema: {
        tags,
        summary: 'Assign to a person and/or location',
        description:
          'Closes the previous assignment. dueAt makes it a loaner. Assigning a person an asset in stock deploys it. Returns a one-time acknowledgement link for the assignee.',
        params: assetIdParams,
        body: assignSchema,
        response: {
          200: z.object({
            assignment: assignmentSchema,
            asset: assetSchema,
            acknowledgementUrl: z.string().nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => assignAsset(deps, contextOf(req), req.params.id, req.body),
  );
  r.post(
    '/api/v1/assets/:id/unassign',
    {
      schema: {
        tags,
        summary: 'End the current assignment',
        params: assetIdParams,
        body: z.strictObject({ note: z.string().max(1000).optional() }).optional(),
        response: { 200: assetSchema, ...errorResponses },
      },
    },
    async (req) => unassignAsset(deps, contextOf(req), req.params.id, req.body?.note),
  );
  r.get(
    '/api/v1/assets/:id/assignments',
    {
      schema: {
        tags,
        summary: 'Assignment history',
        params: assetIdParams,
        response: { 200: z.object({ items: z.array(assignmentSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await assignmentHistory(deps, contextOf(req), req.params.id) }),
  );
  registerTimelineRoute(app, deps.db, {
    base: '/api/v1/assets',
    entityType: 'asset',
    tags,
    summary: 'Everything that happened to the asset',
    requireVisible: (ctx, id) => getAsset(deps, ctx, id),
  });
  r.get(
    '/api/v1/assignments/overdue',
    {
      schema: {
        tags,
        summary: 'Loaners past their due date',
        response: { 200: z.object({ items: z.array(assignmentSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await overdueAssignments(deps, contextOf(req)) }),
  );
}
