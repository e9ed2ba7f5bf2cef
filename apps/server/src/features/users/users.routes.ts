import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/http/index.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { createUserSchema, memberSchema, updateUserSchema, userIdParams } from './users.schemas.js';
import { createUser, listUsers, removeUser, updateUser, type UserDeps } from './users.service.js';

export function registerUserRoutes(app: FastifyInstance, deps: UserDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Users'];
  r.get(
    '/api/v1/users',
    {
      schema: {
        tags,
        summary: 'List the users of your tenant',
        response: { 200: z.object({ items: z.array(memberSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listUsers(deps, contextOf(req)) }),
  );
  r.post(
    '/api/v1/users',
    {
      schema: {
        tags,
        summary: 'Add a user to your tenant',
        description: 'Needs admin; only an owner can add owners.',
        body: createUserSchema,
        response: { 201: memberSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createUser(deps, contextOf(req), req.body)),
  );
  r.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags,
        summary: "Change a user's role or name",
        params: userIdParams,
        body: updateUserSchema,
        response: { 200: memberSchema, ...errorResponses },
      },
    },
    async (req) => updateUser(deps, contextOf(req), req.params.id, req.body),
  );
  r.delete(
    '/api/v1/users/:id',
    {
      schema: {
        tags,
        summary: 'Remove a user from your tenant',
        params: userIdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await removeUser(deps, contextOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
}
