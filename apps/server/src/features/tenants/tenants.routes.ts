import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/index.js';
import { contextOf } from '../../platform/http/index.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { currentTenant, tenantSchema } from './tenants.service.js';

export function registerTenantRoutes(app: FastifyInstance, db: Kysely<DB>): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/tenant',
    {
      schema: {
        tags: ['Tenancy'],
        summary: 'The tenant you are acting in',
        response: { 200: tenantSchema, ...errorResponses },
      },
    },
    async (req) => currentTenant(db, contextOf(req)),
  );
}
