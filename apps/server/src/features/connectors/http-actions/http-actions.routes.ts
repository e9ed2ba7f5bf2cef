import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../../platform/http/index.js';
import { errorResponses } from '../../../platform/http/schemas.js';
import type { ConnectorDeps } from '../deps.js';
import {
  inlineRunSchema,
  presetInputSchema,
  presetRunSchema,
  presetSchema,
  runViewSchema,
} from './presets.schemas.js';
import { createPreset, deletePreset, getPreset, listPresets, replacePreset } from './presets.service.js';
import { runInline, runPreset } from './run.service.js';

const idParams = z.strictObject({ id: z.string().min(1).max(120) });

export function registerHttpActionRoutes(app: FastifyInstance, deps: ConnectorDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Action presets'];

  r.get(
    '/api/v1/action-presets',
    {
      schema: {
        tags,
        summary: 'Search action presets',
        description:
          'Built-in and saved generic HTTP actions. `q` matches every word against the name, description and ' +
          'connector ("jamf lock"). Needs viewer.',
        querystring: z.strictObject({
          q: z.string().max(200).optional(),
          connectorId: z.string().max(64).optional(),
        }),
        response: { 200: z.object({ items: z.array(presetSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listPresets(deps, contextOf(req), req.query) }),
  );

  r.get(
    '/api/v1/action-presets/:id',
    {
      schema: {
        tags,
        summary: 'Get an action preset',
        params: idParams,
        response: { 200: presetSchema, ...errorResponses },
      },
    },
    async (req) => getPreset(deps, contextOf(req), req.params.id),
  );

  r.post(
    '/api/v1/action-presets',
    {
      schema: {
        tags,
        summary: 'Save an action preset',
        description:
          'Every template and expression is compiled; errors name the field (body.definition.requests[0].url). ' +
          'Needs admin.',
        body: presetInputSchema,
        response: { 201: presetSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createPreset(deps, contextOf(req), req.body)),
  );

  r.put(
    '/api/v1/action-presets/:id',
    {
      schema: {
        tags,
        summary: 'Replace a saved action preset',
        description: 'Built-in presets are read-only (409). Needs admin.',
        params: idParams,
        body: presetInputSchema,
        response: { 200: presetSchema, ...errorResponses },
      },
    },
    async (req) => replacePreset(deps, contextOf(req), req.params.id, req.body),
  );

  r.delete(
    '/api/v1/action-presets/:id',
    {
      schema: {
        tags,
        summary: 'Delete a saved action preset',
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deletePreset(deps, contextOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/api/v1/action-presets/:id/runs',
    {
      schema: {
        tags,
        summary: 'Run an action preset',
        description:
          'Runs the preset’s requests through the instance (its base URL, vaulted credentials and rate limits). ' +
          '`dryRun` renders them without sending. The same idempotency key again returns the first outcome. ' +
          'Needs operator; destructive presets need admin and confirm.',
        params: idParams,
        body: presetRunSchema,
        response: { 200: runViewSchema, ...errorResponses },
      },
    },
    async (req) => runPreset(deps, contextOf(req), req.params.id, req.body),
  );

  r.post(
    '/api/v1/http-actions/runs',
    {
      schema: {
        tags,
        summary: 'Run a generic HTTP action',
        description:
          'An ad-hoc definition (the same shape a preset saves) run through a connector instance. Needs admin.',
        body: inlineRunSchema,
        response: { 200: runViewSchema, ...errorResponses },
      },
    },
    async (req) => runInline(deps, contextOf(req), req.body),
  );
}
