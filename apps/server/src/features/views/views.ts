import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { errors } from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import { fromJson, iso, toJson, type Clock, type DB, type SavedViewsTable } from '../../platform/db/index.js';
import { contextOf } from '../../platform/http/index.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { newId } from '../../platform/ids/index.js';
import { assetQuerySchema } from '../assets/index.js';

/** What a view stores: the asset query without its page position. */
const viewQuerySchema = assetQuerySchema.omit({ cursor: true });

export const viewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    entityType: z.literal('asset'),
    query: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SavedView' });
export type SavedView = z.infer<typeof viewSchema>;

const createViewSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  entityType: z.literal('asset').default('asset'),
  query: viewQuerySchema,
});
const updateViewSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  query: viewQuerySchema.optional(),
});
const idParams = z.strictObject({ id: z.string().min(1).max(64) });

export interface ViewDeps {
  db: Kysely<DB>;
  clock: Clock;
}

function toView(r: Selectable<SavedViewsTable>): SavedView {
  return {
    id: r.id,
    name: r.name,
    entityType: 'asset',
    query: fromJson<Record<string, unknown>>(r.query) ?? {},
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Views belong to the person (or token) who saved them. */
function ownerOf(ctx: RequestContext): string {
  return `${ctx.principal.actor.type}:${ctx.principal.actor.id}`;
}

async function requireView(deps: ViewDeps, ctx: RequestContext, id: string) {
  const row = await deps.db
    .selectFrom('saved_views')
    .selectAll()
    .where('tenant_id', '=', ctx.principal.tenantId)
    .where('owner_id', '=', ownerOf(ctx))
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw errors.notFound('View');
  return row;
}

/** A saved view's asset query, for features that act on "everything in this view". */
export async function viewQuery(
  deps: ViewDeps,
  ctx: RequestContext,
  id: string,
): Promise<Record<string, unknown>> {
  authorize(ctx.principal, 'viewer');
  return toView(await requireView(deps, ctx, id)).query;
}

export async function listViews(deps: ViewDeps, ctx: RequestContext): Promise<SavedView[]> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const rows = await deps.db
    .selectFrom('saved_views')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('owner_id', '=', ownerOf(ctx))
    .where('entity_type', '=', 'asset')
    .orderBy('name')
    .execute();
  return rows.map(toView);
}

export async function createView(
  deps: ViewDeps,
  ctx: RequestContext,
  input: z.infer<typeof createViewSchema>,
): Promise<SavedView> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const now = iso(deps.clock.now());
  const row = {
    id: newId(),
    tenant_id: tenantId,
    owner_id: ownerOf(ctx),
    entity_type: input.entityType,
    name: input.name,
    query: toJson(input.query),
    created_at: now,
    updated_at: now,
  };
  await deps.db.insertInto('saved_views').values(row).execute();
  return toView(row);
}

export async function updateView(
  deps: ViewDeps,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof updateViewSchema>,
): Promise<SavedView> {
  authorize(ctx.principal, 'viewer');
  await requireView(deps, ctx, id);
  await deps.db
    .updateTable('saved_views')
    .set({
      ...(input.name ? { name: input.name } : {}),
      ...(input.query ? { query: toJson(input.query) } : {}),
      updated_at: iso(deps.clock.now()),
    })
    .where('id', '=', id)
    .where('tenant_id', '=', ctx.principal.tenantId)
    .execute();
  return toView(await requireView(deps, ctx, id));
}

export async function deleteView(deps: ViewDeps, ctx: RequestContext, id: string): Promise<void> {
  authorize(ctx.principal, 'viewer');
  await requireView(deps, ctx, id);
  await deps.db
    .deleteFrom('saved_views')
    .where('id', '=', id)
    .where('tenant_id', '=', ctx.principal.tenantId)
    .execute();
}

export function registerViewRoutes(app: FastifyInstance, deps: ViewDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Saved views'];
  r.get(
    '/api/v1/views',
    {
      schema: {
        tags,
        summary: 'Your saved views',
        querystring: z.strictObject({ entityType: z.literal('asset').default('asset') }),
        response: { 200: z.object({ items: z.array(viewSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listViews(deps, contextOf(req)) }),
  );
  r.post(
    '/api/v1/views',
    {
      schema: {
        tags,
        summary: 'Save a view (a named asset query)',
        body: createViewSchema,
        response: { 201: viewSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createView(deps, contextOf(req), req.body)),
  );
  r.put(
    '/api/v1/views/:id',
    {
      schema: {
        tags,
        summary: 'Rename or change a view',
        params: idParams,
        body: updateViewSchema,
        response: { 200: viewSchema, ...errorResponses },
      },
    },
    async (req) => updateView(deps, contextOf(req), req.params.id, req.body),
  );
  r.delete(
    '/api/v1/views/:id',
    {
      schema: {
        tags,
        summary: 'Delete a view',
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deleteView(deps, contextOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
}
