import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/http/index.js';
import { errorResponses } from '../../platform/http/schemas.js';
import {
  CUSTOM_FIELD_ENTITY_TYPES,
  createCustomField,
  createCustomFieldSchema,
  customFieldSchema,
  deleteCustomField,
  listCustomFields,
  type FieldDeps,
} from './custom-fields.service.js';

export function registerCustomFieldRoutes(app: FastifyInstance, deps: FieldDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Custom fields'];
  r.get(
    '/api/v1/custom-fields',
    {
      schema: {
        tags,
        summary: 'List custom field definitions',
        querystring: z.strictObject({ entityType: z.enum(CUSTOM_FIELD_ENTITY_TYPES).default('asset') }),
        response: { 200: z.object({ items: z.array(customFieldSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listCustomFields(deps, contextOf(req), req.query.entityType) }),
  );
  r.post(
    '/api/v1/custom-fields',
    {
      schema: {
        tags,
        summary: 'Define a custom field',
        description:
          'Types: text, number, date, boolean, enum (with values), person. Values are validated on every write. Needs admin.',
        body: createCustomFieldSchema,
        response: { 201: customFieldSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createCustomField(deps, contextOf(req), req.body)),
  );
  r.delete(
    '/api/v1/custom-fields/:id',
    {
      schema: {
        tags,
        summary: 'Delete a custom field and its values',
        params: z.strictObject({ id: z.string().min(1).max(64) }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deleteCustomField(deps, contextOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
}
