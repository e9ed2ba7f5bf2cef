import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../platform/auth/index.js';
import { contextOf } from '../../platform/http/index.js';
import { errorBodySchema, errorResponses } from '../../platform/http/schemas.js';
import { executeAction, listActionExecutions } from './actions.service.js';
import { catalogEntrySchema } from './catalog.js';
import type { ConnectorDeps } from './deps.js';
import {
  actionExecutionSchema,
  actionRequestSchema,
  createInstanceSchema,
  instanceSchema,
  runErrorSchema,
  runSchema,
  updateInstanceSchema,
} from './instances.schemas.js';
import {
  createInstance,
  deleteInstance,
  getInstance,
  listInstances,
  updateInstance,
} from './instances.service.js';
import { getRun, listRunErrors, listRuns, startRun } from './runs.service.js';
import { testInstance, testUnsaved } from './test-connection.js';
import { actionsForEntity, entityActionsSchema } from './targets.js';

const idParams = z.strictObject({ id: z.string().min(1).max(64) });
const limitQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export function registerConnectorRoutes(app: FastifyInstance, deps: ConnectorDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Connectors'];

  r.get(
    '/api/v1/connectors/catalog',
    {
      schema: {
        tags,
        summary: 'The connector catalog',
        description:
          'Every connector this installation can run: its configuration and action input schemas (JSON Schema), ' +
          'the secrets it needs (labels only), its streams and actions. `q` matches the title, category and ' +
          'action names ("jamf lock"). Needs viewer.',
        querystring: z.strictObject({
          q: z.string().max(200).optional(),
          category: z.string().max(64).optional(),
        }),
        response: { 200: z.object({ items: z.array(catalogEntrySchema) }), ...errorResponses },
      },
    },
    async (req) => {
      authorize(contextOf(req).principal, 'viewer');
      return { items: deps.catalog.list(req.query.q, req.query.category) };
    },
  );

  r.post(
    '/api/v1/connectors/:connectorId/test',
    {
      schema: {
        tags,
        summary: 'Test a configuration before saving it',
        description:
          'One cheap authenticated call with the given configuration and secrets; nothing is stored. ' +
          'Invalid input is a 400 naming body.config.<field> or body.secrets.<key>. Needs admin.',
        params: z.strictObject({ connectorId: z.string().min(1).max(64) }),
        body: z.strictObject({
          config: z.record(z.string(), z.unknown()),
          secrets: z.record(z.string(), z.string().max(20_000)).default({}),
        }),
        response: { 200: z.object({ ok: z.boolean(), message: z.string() }), ...errorResponses },
      },
    },
    async (req) => testUnsaved(deps, contextOf(req), req.params.connectorId, req.body),
  );

  r.get(
    '/api/v1/connector-instances',
    {
      schema: {
        tags,
        summary: 'List connector instances',
        response: { 200: z.object({ items: z.array(instanceSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listInstances(deps, contextOf(req)) }),
  );

  r.post(
    '/api/v1/connector-instances',
    {
      schema: {
        tags,
        summary: 'Configure a connector instance',
        description:
          'Config is checked against the connector’s schema; secrets are encrypted at rest and never returned. ' +
          'The instance gets its own ingestion source. Needs admin.',
        body: createInstanceSchema,
        response: { 201: instanceSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createInstance(deps, contextOf(req), req.body)),
  );

  r.get(
    '/api/v1/connector-instances/:id',
    {
      schema: {
        tags,
        summary: 'Get a connector instance',
        params: idParams,
        response: { 200: instanceSchema, ...errorResponses },
      },
    },
    async (req) => getInstance(deps, contextOf(req), req.params.id),
  );

  r.patch(
    '/api/v1/connector-instances/:id',
    {
      schema: {
        tags,
        summary: 'Change a connector instance',
        description: 'Secrets given replace the stored ones key by key; absent ones are kept. Needs admin.',
        params: idParams,
        body: updateInstanceSchema,
        response: { 200: instanceSchema, ...errorResponses },
      },
    },
    async (req) => updateInstance(deps, contextOf(req), req.params.id, req.body),
  );

  r.delete(
    '/api/v1/connector-instances/:id',
    {
      schema: {
        tags,
        summary: 'Remove a connector instance',
        description: 'Its run history goes; its source and the records it reported stay. Needs admin.',
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deleteInstance(deps, contextOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/api/v1/connector-instances/:id/test',
    {
      schema: {
        tags,
        summary: 'Test the connection',
        description:
          'One cheap authenticated call with the stored configuration and secrets. Needs operator.',
        params: idParams,
        response: { 200: z.object({ ok: z.boolean(), message: z.string() }), ...errorResponses },
      },
    },
    async (req) => testInstance(deps, contextOf(req), req.params.id),
  );

  r.post(
    '/api/v1/connector-instances/:id/syncs',
    {
      schema: {
        tags,
        summary: 'Sync now',
        description:
          'Queues a sync of every stream as a durable job (409 when one is already queued or running). Follow it ' +
          'with GET /connector-runs/:id. Needs operator.',
        params: idParams,
        response: { 202: runSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(202).send(await startRun(deps, contextOf(req), req.params.id)),
  );

  r.get(
    '/api/v1/connector-instances/:id/runs',
    {
      schema: {
        tags,
        summary: 'Sync history',
        params: idParams,
        querystring: limitQuery,
        response: { 200: z.object({ items: z.array(runSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listRuns(deps, contextOf(req), req.params.id, req.query.limit) }),
  );

  r.get(
    '/api/v1/connector-runs/:id',
    {
      schema: {
        tags,
        summary: 'One sync run, with its progress while it runs',
        params: idParams,
        response: { 200: runSchema, ...errorResponses },
      },
    },
    async (req) => getRun(deps, contextOf(req), req.params.id),
  );

  r.get(
    '/api/v1/connector-runs/:id/errors',
    {
      schema: {
        tags,
        summary: 'Per-record errors of a sync run',
        params: idParams,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(5000).default(200) }),
        response: { 200: z.object({ items: z.array(runErrorSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listRunErrors(deps, contextOf(req), req.params.id, req.query.limit) }),
  );

  r.post(
    '/api/v1/connector-instances/:id/actions/:action',
    {
      schema: {
        tags,
        summary: 'Run a connector action',
        description:
          'Input is checked against the action’s schema (see the catalog). The same idempotencyKey again returns ' +
          'the first outcome without acting twice. Destructive actions need admin and `confirm: true`. A vendor ' +
          'failure answers 502 with its message. Needs operator.',
        params: z.strictObject({ id: z.string().min(1).max(64), action: z.string().min(1).max(64) }),
        body: actionRequestSchema,
        response: { 200: actionExecutionSchema, ...errorResponses, 502: errorBodySchema },
      },
    },
    async (req) => executeAction(deps, contextOf(req), req.params.id, req.params.action, req.body),
  );

  r.get(
    '/api/v1/entities/:id/connector-actions',
    {
      schema: {
        tags,
        summary: 'Actions that can run on an asset or person',
        description:
          'Every connector instance that reports the entity (by its id), with the actions that target it. Run one ' +
          'with POST /connector-instances/:id/actions/:action and `target: {type, id}`: the target field is filled ' +
          'from the record. Needs viewer.',
        params: idParams,
        response: { 200: z.object({ items: z.array(entityActionsSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await actionsForEntity(deps, contextOf(req), req.params.id) }),
  );

  r.get(
    '/api/v1/connector-actions',
    {
      schema: {
        tags,
        summary: 'Action history',
        description: 'Filter by instance or by the Steward entity acted on (an asset’s id).',
        querystring: limitQuery.extend({
          instanceId: z.string().max(64).optional(),
          targetId: z.string().max(64).optional(),
        }),
        response: { 200: z.object({ items: z.array(actionExecutionSchema) }), ...errorResponses },
      },
    },
    async (req) => ({
      items: await listActionExecutions(
        deps,
        contextOf(req),
        { instanceId: req.query.instanceId, targetId: req.query.targetId },
        req.query.limit,
      ),
    }),
  );
}
