import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { contextOf } from '../../platform/http/index.js';
import type { DB } from '../../platform/db/index.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { auditPageSchema, auditQuerySchema } from './audit.schemas.js';
import { listAudit } from './audit.service.js';

export function registerAuditRoutes(app: FastifyInstance, db: Kysely<DB>): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['Audit'],
        summary: 'Query the audit log',
        description: 'Every mutation, newest first. Needs the admin role.',
        querystring: auditQuerySchema,
        response: { 200: auditPageSchema, ...errorResponses },
      },
    },
    async (req) => listAudit(db, contextOf(req), req.query),
  );
}
