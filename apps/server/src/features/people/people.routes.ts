import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/http/index.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { registerTimelineRoute } from '../audit/index.js';
import {
  createPersonSchema,
  peopleListQuery,
  personIdParams,
  personSchema,
  updatePersonSchema,
} from './people.schemas.js';
import {
  createPerson,
  getPerson,
  listPeople,
  setPersonLegalHold,
  updatePerson,
  type PeopleDeps,
} from './people.service.js';

export function registerPeopleRoutes(app: FastifyInstance, deps: PeopleDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['People'];
  r.get(
    '/api/v1/people',
    {
      schema: {
        tags,
        summary: 'List people',
        description:
          'Typed filters on any person attribute or custom field (`filter` is a JSON array of {field, op, value}), a name/email prefix `q`, cursor paging by name, and `count`.',
        querystring: peopleListQuery,
        response: {
          200: z.object({
            items: z.array(personSchema),
            nextCursor: z.string().nullable(),
            total: z.number().int().optional(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => listPeople(deps, contextOf(req), req.query),
  );
  r.post(
    '/api/v1/people',
    {
      schema: {
        tags,
        summary: 'Add a person',
        body: createPersonSchema,
        response: { 201: personSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createPerson(deps, contextOf(req), req.body)),
  );
  r.get(
    '/api/v1/people/:id',
    {
      schema: {
        tags,
        summary: 'Get a person',
        params: personIdParams,
        response: { 200: personSchema, ...errorResponses },
      },
    },
    async (req) => getPerson(deps, contextOf(req), req.params.id),
  );
  r.patch(
    '/api/v1/people/:id',
    {
      schema: {
        tags,
        summary: 'Edit a person',
        params: personIdParams,
        body: updatePersonSchema,
        response: { 200: personSchema, ...errorResponses },
      },
    },
    async (req) => updatePerson(deps, contextOf(req), req.params.id, req.body),
  );
  r.put(
    '/api/v1/people/:id/legal-hold',
    {
      schema: {
        tags,
        summary: 'Set or release legal hold on a person (admin)',
        params: personIdParams,
        body: z.strictObject({ hold: z.boolean(), reason: z.string().trim().min(1).max(1000) }),
        response: { 200: personSchema, ...errorResponses },
      },
    },
    async (req) => setPersonLegalHold(deps, contextOf(req), req.params.id, req.body),
  );
  registerTimelineRoute(app, deps.db, {
    base: '/api/v1/people',
    entityType: 'person',
    tags,
    summary: 'Everything that happened to the person record',
    requireVisible: (ctx, id) => getPerson(deps, ctx, id),
  });
}
