import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/http/index.js';
import { errorResponses } from '../../platform/http/schemas.js';
import type { WorkflowDeps } from './deps.js';
import { dryRunSchema, startRunSchema, workflowRunSchema } from './runs.schemas.js';
import {
  cancelWorkflowRun,
  dryRunWorkflow,
  getWorkflowRun,
  listWorkflowRuns,
  startWorkflowRun,
} from './runs.service.js';

const idParams = z.strictObject({ id: z.string().min(1).max(64) });
const tags = ['Workflows'];

export function registerRunRoutes(app: FastifyInstance, deps: WorkflowDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/workflows/:id/runs',
    {
      schema: {
        tags,
        summary: 'Run a workflow now',
        description:
          'Starts a run of the current version, about `entityId` when given (the `subject` of its expressions). ' +
          'Each step runs as a durable job; side effects carry an idempotency key per run and step. Needs operator.',
        params: idParams,
        body: startRunSchema,
        response: { 202: workflowRunSchema, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.code(202).send(await startWorkflowRun(deps, contextOf(req), req.params.id, req.body)),
  );

  r.get(
    '/api/v1/workflows/:id/runs',
    {
      schema: {
        tags,
        summary: 'A workflow’s runs, newest first',
        params: idParams,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ items: z.array(workflowRunSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listWorkflowRuns(deps, contextOf(req), req.params.id, req.query.limit) }),
  );

  r.get(
    '/api/v1/workflow-runs/:id',
    {
      schema: {
        tags,
        summary: 'A run with each step’s status, output, error and duration',
        params: idParams,
        response: { 200: workflowRunSchema, ...errorResponses },
      },
    },
    async (req) => getWorkflowRun(deps, contextOf(req), req.params.id),
  );

  r.post(
    '/api/v1/workflow-runs/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a running run',
        params: idParams,
        response: { 200: workflowRunSchema, ...errorResponses },
      },
    },
    async (req) => cancelWorkflowRun(deps, contextOf(req), req.params.id),
  );

  r.post(
    '/api/v1/workflows/:id/dry-run',
    {
      schema: {
        tags,
        summary: 'Test a workflow against an entity without acting',
        description:
          'Walks the current version as a run would, about `entityId`: conditions, variables and loops are ' +
          'evaluated for real; each effect is shown as what it would do (HTTP presets render their requests), ' +
          'approvals are assumed given and waits are not waited. Nothing is sent, changed or recorded. Needs operator.',
        params: idParams,
        body: startRunSchema,
        response: { 200: dryRunSchema, ...errorResponses },
      },
    },
    async (req) => dryRunWorkflow(deps, contextOf(req), req.params.id, req.body),
  );
}
