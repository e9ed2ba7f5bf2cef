import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../platform/http/schemas.js';
import { acknowledge, acknowledgementViewSchema, describeAcknowledgement } from './assignment.service.js';
import type { AssetDeps } from './assets.service.js';

/** Public: the assignee opens the one-time link without signing in. */
export function registerAcknowledgementRoutes(app: FastifyInstance, deps: AssetDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Assignment acknowledgement'];
  const params = z.strictObject({ token: z.string().min(10).max(200) });
  r.get(
    '/api/v1/acknowledgements/:token',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'What the link asks the assignee to confirm',
        security: [],
        params,
        response: { 200: acknowledgementViewSchema, ...errorResponses },
      },
    },
    async (req) => describeAcknowledgement(deps, req.params.token),
  );
  r.post(
    '/api/v1/acknowledgements/:token',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Confirm receipt (the link then stops working)',
        security: [],
        params,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await acknowledge(deps, req.params.token, String(req.id));
      return reply.code(204).send(null);
    },
  );
}
