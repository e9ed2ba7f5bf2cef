import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/http/index.js';
import { errorResponses } from '../../platform/http/schemas.js';
import {
  approvalLinkSchema,
  approvalListQuery,
  approvalSchema,
  decisionSchema,
  linkDecisionSchema,
} from './approvals.schemas.js';
import { decideApproval, decideByLink, describeApprovalLink, listApprovals } from './approvals.service.js';
import type { WorkflowDeps } from './deps.js';

const tags = ['Workflows'];

export function registerApprovalRoutes(app: FastifyInstance, deps: WorkflowDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/approvals',
    {
      schema: {
        tags,
        summary: 'Approval requests of workflow runs (the inbox)',
        querystring: approvalListQuery,
        response: { 200: z.object({ items: z.array(approvalSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listApprovals(deps, contextOf(req), req.query) }),
  );
  r.post(
    '/api/v1/approvals/:id/decision',
    {
      schema: {
        tags,
        summary: 'Approve or reject a pending request (its assignee, a holder of its role, or an admin)',
        params: z.strictObject({ id: z.string().min(1).max(64) }),
        body: decisionSchema,
        response: { 200: approvalSchema, ...errorResponses },
      },
    },
    async (req) => decideApproval(deps, contextOf(req), req.params.id, req.body),
  );
  const tokenParams = z.strictObject({ token: z.string().min(10).max(300) });
  r.get(
    '/api/v1/approval-links/:token',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'The request a signed approval link decides (no login)',
        security: [],
        params: tokenParams,
        response: { 200: approvalLinkSchema, ...errorResponses },
      },
    },
    async (req) => describeApprovalLink(deps, req.params.token),
  );
  r.post(
    '/api/v1/approval-links/:token',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Confirm the decision a signed approval link makes',
        security: [],
        params: tokenParams,
        body: linkDecisionSchema,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await decideByLink(deps, req.params.token, req.body.comment);
      return reply.code(204).send(null);
    },
  );
}
