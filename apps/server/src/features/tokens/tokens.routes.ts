import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/http/index.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { createdTokenSchema, createTokenSchema, tokenIdParams, tokenSchema } from './tokens.schemas.js';
import { createApiToken, listApiTokens, revokeApiToken, type TokenDeps } from './tokens.service.js';

export function registerTokenRoutes(app: FastifyInstance, deps: TokenDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['API tokens'];
  r.get(
    '/api/v1/tokens',
    {
      schema: {
        tags,
        summary: 'List API tokens',
        description: 'Tokens of your tenant; secrets are never returned. Needs admin.',
        response: { 200: z.object({ items: z.array(tokenSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listApiTokens(deps, contextOf(req)) }),
  );
  r.post(
    '/api/v1/tokens',
    {
      schema: {
        tags,
        summary: 'Create an API token',
        description:
          'Returns the secret once. The token acts with the given role in your tenant. Needs admin.',
        body: createTokenSchema,
        response: { 201: createdTokenSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createApiToken(deps, contextOf(req), req.body)),
  );
  r.delete(
    '/api/v1/tokens/:id',
    {
      schema: {
        tags,
        summary: 'Revoke an API token',
        description: 'The token stops working at once; it stays listed as revoked. Needs admin.',
        params: tokenIdParams,
        response: { 200: tokenSchema, ...errorResponses },
      },
    },
    async (req) => revokeApiToken(deps, contextOf(req), req.params.id),
  );
}
