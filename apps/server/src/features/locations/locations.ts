import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { errors } from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import { iso, type Clock, type DB, type LocationsTable } from '../../platform/db/index.js';
import { contextOf } from '../../platform/http/index.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { newId } from '../../platform/ids/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';

export const locationSchema = z
  .object({ id: z.string(), name: z.string(), address: z.string().nullable(), createdAt: z.string() })
  .meta({ id: 'Location' });
export type Location = z.infer<typeof locationSchema>;
const createLocationSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  address: z.string().trim().min(1).max(500).optional(),
});

export interface LocationDeps {
  db: Kysely<DB>;
  clock: Clock;
}

function toLocation(r: Selectable<LocationsTable>): Location {
  return { id: r.id, name: r.name, address: r.address, createdAt: r.created_at };
}

export async function listLocations(deps: LocationDeps, ctx: RequestContext): Promise<Location[]> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  return (
    await deps.db
      .selectFrom('locations')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('name')
      .execute()
  ).map(toLocation);
}

export async function createLocation(
  deps: LocationDeps,
  ctx: RequestContext,
  input: z.infer<typeof createLocationSchema>,
): Promise<Location> {
  const { tenantId } = authorize(ctx.principal, 'operator');
  return deps.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('locations')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('name', '=', input.name)
      .executeTakeFirst();
    if (existing)
      throw errors.conflict(`A location named ${input.name} exists.`, [
        { path: 'body.name', reason: 'already exists' },
      ]);
    const now = iso(deps.clock.now());
    const row = {
      id: newId(),
      tenant_id: tenantId,
      name: input.name,
      address: input.address ?? null,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('locations').values(row).execute();
    const location = toLocation(row);
    await recordAudit(
      trx,
      auditFrom(ctx, {
        action: 'location.created',
        target: { type: 'location', id: row.id },
        after: location,
      }),
      deps.clock,
    );
    return location;
  });
}

export function registerLocationRoutes(app: FastifyInstance, deps: LocationDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Locations'];
  r.get(
    '/api/v1/locations',
    {
      schema: {
        tags,
        summary: 'List locations',
        response: { 200: z.object({ items: z.array(locationSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listLocations(deps, contextOf(req)) }),
  );
  r.post(
    '/api/v1/locations',
    {
      schema: {
        tags,
        summary: 'Add a location',
        body: createLocationSchema,
        response: { 201: locationSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createLocation(deps, contextOf(req), req.body)),
  );
}
