import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { RequestContext } from '../../platform/auth/index.js';
import type { DB } from '../../platform/db/index.js';
import { contextOf } from '../../platform/http/index.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { auditPageSchema } from './audit.schemas.js';
import { entityTimeline } from './audit.service.js';

/**
 * GET <base>/:id/timeline for one kind of entity: its history from the audit log. `requireVisible`
 * throws (404/403) unless the caller may read that entity, so a timeline never outlives its access rule.
 */
export function registerTimelineRoute(
  app: FastifyInstance,
  db: Kysely<DB>,
  options: {
    base: string;
    entityType: string;
    tags: string[];
    summary: string;
    requireVisible: (ctx: RequestContext, id: string) => Promise<unknown>;
  },
): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    `${options.base}/:id/timeline`,
    {
      schema: {
        tags: options.tags,
        summary: options.summary,
        params: z.strictObject({ id: z.string().min(1).max(64) }),
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(500).default(50),
          cursor: z.string().max(200).optional(),
        }),
        response: { 200: auditPageSchema, ...errorResponses },
      },
    },
    async (req) => {
      const ctx = contextOf(req);
      await options.requireVisible(ctx, req.params.id);
      return entityTimeline(db, ctx, { type: options.entityType, id: req.params.id }, req.query);
    },
  );
}
