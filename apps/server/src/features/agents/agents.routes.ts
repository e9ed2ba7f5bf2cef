import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/http/index.js';
import { errorResponses } from '../../platform/http/schemas.js';
import {
  agentSchema,
  agentListQuery,
  agentStatsSchema,
  agentTaskSchema,
  checkinBodySchema,
  createEnrollmentSecretSchema,
  createTaskRequestSchema,
  enrollmentSecretSchema,
  idParams,
  taskListQuery,
  taskRequestSchema,
  softwareQuery,
  agentPolicySchema,
} from './agents.schemas.js';
import {
  agentInventory,
  agentStats,
  findSoftware,
  getAgent,
  listAgents,
  nudgeAgent,
  revokeAgent,
  type AgentDeps,
} from './agents.service.js';
import {
  createEnrollmentSecret,
  listEnrollmentSecrets,
  revokeEnrollmentSecret,
  type EnrollmentDeps,
} from './enrollment.service.js';
import { createTaskRequest, getTaskRequest, type RequestDeps } from './requests.service.js';
import { agentPolicyInputSchema, getAgentPolicy, setAgentPolicy } from './policy.service.js';
import { cancelAgentTask, listAgentTasks, readAgentTask } from './tasks.service.js';

export type AgentRouteDeps = AgentDeps & EnrollmentDeps & RequestDeps;

export function registerAgentRoutes(app: FastifyInstance, deps: AgentRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Agents'];

  r.post(
    '/api/v1/agent-enrollment-secrets',
    {
      schema: {
        tags,
        summary: 'Create an enrolment secret',
        description:
          'Agents exchange it for a credential of their own (`steward-agent enroll --secret …`). The secret ' +
          'is returned once. Needs admin.',
        body: createEnrollmentSecretSchema,
        response: { 201: enrollmentSecretSchema.extend({ secret: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createEnrollmentSecret(deps, contextOf(req), req.body)),
  );
  r.get(
    '/api/v1/agent-enrollment-secrets',
    {
      schema: {
        tags,
        summary: 'List enrolment secrets',
        description: 'Secrets are never returned, only their first characters. Needs admin.',
        response: { 200: z.object({ items: z.array(enrollmentSecretSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listEnrollmentSecrets(deps, contextOf(req)) }),
  );
  r.post(
    '/api/v1/agent-enrollment-secrets/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke an enrolment secret',
        description: 'New enrolments with it are refused; agents already enrolled keep working. Needs admin.',
        params: idParams,
        response: { 200: enrollmentSecretSchema, ...errorResponses },
      },
    },
    async (req) => revokeEnrollmentSecret(deps, contextOf(req), req.params.id),
  );

  r.get(
    '/api/v1/agents',
    {
      schema: {
        tags,
        summary: 'List agents',
        description:
          'With presence: `online` is true while a live server process holds the agent’s connection. Filter ' +
          'by `online`, `status`, `assetId` or hostname (`q`); paged by `cursor`.',
        querystring: agentListQuery,
        response: {
          200: z.object({ items: z.array(agentSchema), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (req) => listAgents(deps, contextOf(req), req.query),
  );
  r.get(
    '/api/v1/agents/stats',
    {
      schema: {
        tags,
        summary: 'Agent counts now',
        description: 'Enrolled, online, by transport, version and platform, and the live gateway processes.',
        response: { 200: agentStatsSchema, ...errorResponses },
      },
    },
    async (req) => agentStats(deps, contextOf(req)),
  );
  r.get(
    '/api/v1/agents/software',
    {
      schema: {
        tags,
        summary: 'Devices running a piece of software',
        description:
          'From each agent’s latest inventory: every device with `name` installed, at `version` if given ' +
          '("which laptops have this vulnerable version right now?" — run inventory now first for fresh data).',
        querystring: softwareQuery,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                agentId: z.string(),
                hostname: z.string(),
                assetId: z.string().nullable(),
                name: z.string(),
                version: z.string(),
              }),
            ),
            nextCursor: z.string().nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => findSoftware(deps, contextOf(req), req.query),
  );
  r.get(
    '/api/v1/agent-policy',
    {
      schema: {
        tags,
        summary: 'The agent policy',
        description: 'What every agent of the tenant is told; revision 0 until an admin sets one.',
        response: { 200: agentPolicySchema, ...errorResponses },
      },
    },
    async (req) => getAgentPolicy(deps, contextOf(req)),
  );
  r.put(
    '/api/v1/agent-policy',
    {
      schema: {
        tags,
        summary: 'Set the agent policy',
        description:
          'A new revision, pushed at once to every connected agent (on whichever server holds it) and to the ' +
          'others when they connect. Needs admin.',
        body: agentPolicyInputSchema,
        response: { 200: agentPolicySchema, ...errorResponses },
      },
    },
    async (req) => setAgentPolicy(deps, contextOf(req), req.body),
  );
  r.get(
    '/api/v1/agents/:id',
    {
      schema: {
        tags,
        summary: 'Get an agent',
        params: idParams,
        response: { 200: agentSchema, ...errorResponses },
      },
    },
    async (req) => getAgent(deps, contextOf(req), req.params.id),
  );
  r.get(
    '/api/v1/agents/:id/inventory',
    {
      schema: {
        tags,
        summary: 'The agent’s latest inventory',
        description: 'As reported (deltas applied), with installed software; `null` before its first report.',
        params: idParams,
        response: {
          200: z
            .object({ observedAt: z.string(), receivedAt: z.string(), inventory: z.unknown() })
            .nullable(),
          ...errorResponses,
        },
      },
    },
    async (req) => agentInventory(deps, contextOf(req), req.params.id),
  );
  r.post(
    '/api/v1/agents/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke an agent',
        description:
          'Its credential stops working and its connection is closed, whichever server holds it. Needs admin.',
        params: idParams,
        response: { 200: agentSchema, ...errorResponses },
      },
    },
    async (req) => revokeAgent(deps, contextOf(req), req.params.id),
  );
  r.post(
    '/api/v1/agents/:id/checkin',
    {
      schema: {
        tags,
        summary: 'Ask an agent to check in now',
        description:
          'Sends "check in now" (with a fresh inventory unless `inventory` is false) over its live connection. ' +
          '`delivered` is false when the agent is offline. Needs operator.',
        params: idParams,
        body: checkinBodySchema,
        response: { 200: z.object({ delivered: z.boolean() }), ...errorResponses },
      },
    },
    async (req) => nudgeAgent(deps, contextOf(req), req.params.id, req.body.inventory),
  );

  r.post(
    '/api/v1/agent-task-requests',
    {
      schema: {
        tags,
        summary: 'Run a task on devices',
        description:
          'One task per device: named assets (`assetIds`; a device whose agent is offline gets it when it ' +
          'connects), the assets in a saved view that have an agent (`viewId`), or every device with an agent ' +
          '(`all`). Parameters are checked against the task type. Tasks not finished by the deadline expire. ' +
          'Needs operator.',
        body: createTaskRequestSchema,
        response: { 201: taskRequestSchema.extend({ withoutAgent: z.number() }), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createTaskRequest(deps, contextOf(req), req.body)),
  );
  r.get(
    '/api/v1/agent-task-requests/:id',
    {
      schema: {
        tags,
        summary: 'A task request and its progress',
        description: 'Counts of its tasks by status, now.',
        params: idParams,
        response: { 200: taskRequestSchema, ...errorResponses },
      },
    },
    async (req) => getTaskRequest(deps, contextOf(req), req.params.id),
  );
  r.get(
    '/api/v1/agent-tasks',
    {
      schema: {
        tags,
        summary: 'Task history',
        description: 'Newest first; per device (`assetId`), per request (`requestId`), or by status.',
        querystring: taskListQuery,
        response: {
          200: z.object({ items: z.array(agentTaskSchema), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (req) => listAgentTasks(deps, contextOf(req), req.query),
  );
  r.get(
    '/api/v1/agent-tasks/:id',
    {
      schema: {
        tags,
        summary: 'Get a task',
        params: idParams,
        response: { 200: agentTaskSchema, ...errorResponses },
      },
    },
    async (req) => readAgentTask(deps, contextOf(req), req.params.id),
  );
  r.post(
    '/api/v1/agent-tasks/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a task',
        description:
          'Only a task not yet finished; an agent already running it is not interrupted. Needs operator.',
        params: idParams,
        response: { 200: agentTaskSchema, ...errorResponses },
      },
    },
    async (req) => cancelAgentTask(deps, contextOf(req), req.params.id),
  );
}
