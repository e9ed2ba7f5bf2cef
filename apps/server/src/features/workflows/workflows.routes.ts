import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { stringify, parse } from 'yaml';
import { z } from 'zod';
import { errors } from '@steward/domain';
import { contextOf } from '../../platform/http/index.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { workflowDefinitionSchema } from './definition.schemas.js';
import {
  createWorkflow,
  deleteWorkflow,
  getWorkflow,
  getWorkflowVersion,
  listWorkflowVersions,
  listWorkflows,
  saveWorkflowVersion,
  setWorkflowEnabled,
} from './workflows.service.js';
import { workflowSchema, workflowSummarySchema, workflowVersionSchema } from './workflows.schemas.js';
import { createFromTemplate, listTemplates, templateSchema } from './templates.service.js';
import { registerRunRoutes } from './runs.routes.js';
import { registerApprovalRoutes } from './approvals.routes.js';
import type { WorkflowDeps } from './deps.js';
import { savedWorkflowSchema } from './webhooks.service.js';

const idParams = z.strictObject({ id: z.string().min(1).max(64) });
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

export function registerWorkflowRoutes(app: FastifyInstance, deps: WorkflowDeps): void {
  app.register(async (scope) => {
    // Definitions may be sent as YAML as well as JSON; the same schema checks both.
    scope.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, parse(String(body)) as unknown);
      } catch (e) {
        const message = e instanceof Error ? e.message.split('\n')[0] : 'not YAML';
        done(errors.badRequest('invalid_yaml', `The request body is not valid YAML: ${message}`), undefined);
      }
    });
    routes(scope, deps);
    registerRunRoutes(scope, deps);
    registerApprovalRoutes(scope, deps);
  });
}

function routes(app: FastifyInstance, deps: WorkflowDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Workflows'];
  const body = workflowDefinitionSchema;

  r.get(
    '/api/v1/workflows',
    {
      schema: {
        tags,
        summary: 'List workflows',
        response: { 200: z.object({ items: z.array(workflowSummarySchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listWorkflows(deps, contextOf(req)) }),
  );

  r.post(
    '/api/v1/workflows',
    {
      schema: {
        tags,
        summary: 'Create a workflow',
        description:
          'A definition as JSON, or as YAML with Content-Type application/yaml. The step graph and every ' +
          'expression are checked; errors name the step and field (body.steps[2].if). Saved as version 1, ' +
          'disabled. Needs admin.',
        body,
        response: { 201: savedWorkflowSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createWorkflow(deps, contextOf(req), req.body)),
  );

  r.get(
    '/api/v1/workflows/templates',
    {
      schema: {
        tags,
        summary: 'The lifecycle playbooks shipped ready',
        description:
          'Each with the parameters (which Jamf, which Slack channel…) to fill when creating from it.',
        response: { 200: z.object({ items: z.array(templateSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: listTemplates(contextOf(req)) }),
  );

  r.post(
    '/api/v1/workflows/templates/:templateId',
    {
      schema: {
        tags,
        summary: 'Create a workflow from a template',
        description: 'Missing parameters are a 400 naming body.parameters.<name>. Needs admin.',
        params: z.strictObject({ templateId: z.string().min(1).max(64) }),
        body: z.strictObject({
          name: z.string().trim().min(3).max(200).optional(),
          parameters: z.record(z.string(), z.string().min(1).max(200)).default({}),
        }),
        response: { 201: savedWorkflowSchema, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createFromTemplate(deps, contextOf(req), req.params.templateId, req.body)),
  );

  r.get(
    '/api/v1/workflows/:id',
    {
      schema: {
        tags,
        summary: 'Get a workflow',
        params: idParams,
        response: { 200: workflowSchema, ...errorResponses },
      },
    },
    async (req) => getWorkflow(deps, contextOf(req), req.params.id),
  );

  r.put(
    '/api/v1/workflows/:id',
    {
      schema: {
        tags,
        summary: 'Save a new version of a workflow',
        description: 'Runs already started keep the version they started with. Needs admin.',
        params: idParams,
        body,
        response: { 200: savedWorkflowSchema, ...errorResponses },
      },
    },
    async (req) => saveWorkflowVersion(deps, contextOf(req), req.params.id, req.body),
  );

  r.patch(
    '/api/v1/workflows/:id',
    {
      schema: {
        tags,
        summary: 'Enable or disable a workflow',
        params: idParams,
        body: z.strictObject({ enabled: z.boolean() }),
        response: { 200: workflowSchema, ...errorResponses },
      },
    },
    async (req) => setWorkflowEnabled(deps, contextOf(req), req.params.id, req.body.enabled),
  );

  r.delete(
    '/api/v1/workflows/:id',
    {
      schema: {
        tags,
        summary: 'Delete a workflow',
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deleteWorkflow(deps, contextOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/v1/workflows/:id/versions',
    {
      schema: {
        tags,
        summary: 'Every saved version of a workflow, newest first',
        params: idParams,
        response: { 200: z.object({ items: z.array(workflowVersionSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listWorkflowVersions(deps, contextOf(req), req.params.id) }),
  );

  r.get(
    '/api/v1/workflows/:id/versions/:version',
    {
      schema: {
        tags,
        summary: 'One saved version of a workflow',
        params: idParams.extend({ version: z.coerce.number().int().min(1) }),
        response: { 200: workflowVersionSchema, ...errorResponses },
      },
    },
    async (req) => getWorkflowVersion(deps, contextOf(req), req.params.id, req.params.version),
  );

  r.get(
    '/api/v1/workflows/:id/export',
    {
      schema: {
        tags,
        summary: 'Export a workflow’s current definition as JSON or YAML',
        description: 'The text imports unchanged with POST /api/v1/workflows.',
        params: idParams,
        querystring: z.strictObject({ format: z.enum(['json', 'yaml']).default('yaml') }),
        response: { 200: z.string(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { definition } = await getWorkflow(deps, contextOf(req), req.params.id);
      const yaml = req.query.format === 'yaml';
      return reply
        .type(yaml ? 'application/yaml' : 'application/json')
        .header('content-disposition', `attachment; filename="workflow-${req.params.id}.${req.query.format}"`)
        .send(yaml ? stringify(definition) : JSON.stringify(definition, null, 2));
    },
  );
}
