// The agent's HTTP side of the protocol: enrolment, credential rotation, and the polling fallback with the
// same semantics as the WebSocket (the same conversation answers each message).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errors } from '@steward/domain';
import {
  AGENT_PATHS,
  MAX_MESSAGE_BYTES,
  MAX_UPLOAD_MESSAGES,
  checkAgentMessage,
  enrollRequestSchema,
  enrollResponseSchema,
  message,
  pollRequestSchema,
  pollResponseSchema,
  rotateResponseSchema,
  uploadRequestSchema,
  uploadResponseSchema,
  type ServerMessage,
} from '@steward/protocol';
import { errorBodySchema } from '../../platform/http/schemas.js';
import { authenticateAgent } from './agents.service.js';
import { enrollAgent, rotateCredential, type EnrollmentDeps } from './enrollment.service.js';
import type { Gateway } from './gateway/gateway.js';
import type { PollLink } from './gateway/link.js';

const tags = ['Agent protocol'];
const agentErrors = { 400: errorBodySchema, 401: errorBodySchema, 503: errorBodySchema };
const agentAuth =
  'Authenticated with the agent’s own credential: `Authorization: Bearer <credential>` (from enrolment).';

export function registerAgentProtocolRoutes(
  app: FastifyInstance,
  deps: EnrollmentDeps,
  gateway: Gateway,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  const pollLink = async (authorization: unknown): Promise<PollLink> => {
    const agent = await authenticateAgent(deps, authorization, gateway.findAgent);
    const link = await gateway.pollLink(agent);
    if (!link)
      throw errors.unavailable(
        'This server holds as many agents as it may; retry later.',
        gateway.deps.retryAfterSeconds,
      );
    return link;
  };

  r.post(
    AGENT_PATHS.enroll,
    {
      schema: {
        tags,
        summary: 'Enrol an agent',
        description:
          'Exchanges the tenant’s enrolment secret (created under Agents → Enrolment) for an agent id and a ' +
          'credential of the agent’s own, returned only here. Unknown, revoked and expired secrets all answer 401.',
        security: [],
        body: enrollRequestSchema,
        response: { 201: enrollResponseSchema, ...agentErrors },
      },
    },
    async (req, reply) => reply.code(201).send(await enrollAgent(deps, req.body)),
  );

  r.post(
    AGENT_PATHS.rotate,
    {
      schema: {
        tags,
        summary: 'Rotate the agent’s credential',
        description: `${agentAuth} The old credential keeps working until the new one is first used.`,
        security: [],
        response: { 200: rotateResponseSchema, ...agentErrors },
      },
    },
    async (req) => {
      const agent = await authenticateAgent(deps, req.headers.authorization);
      return rotateCredential(deps, agent.id);
    },
  );

  r.post(
    AGENT_PATHS.poll,
    {
      schema: {
        tags,
        summary: 'Poll for messages (fallback when WebSockets are blocked)',
        description:
          `${agentAuth} Answers at once with what is waiting (tasks, check-in requests, policy), or holds ` +
          'the request up to `waitSeconds` until something arrives. Tasks are sent again until acknowledged.',
        security: [],
        body: pollRequestSchema,
        response: { 200: pollResponseSchema, ...agentErrors },
      },
    },
    async (req) => {
      const link = await pollLink(req.headers.authorization);
      link.touch(Number(req.headers['content-length'] ?? 0));
      const abort = new AbortController();
      req.raw.once('close', () => abort.abort());
      const deadline = performance.now() + req.body.waitSeconds * 1000;
      for (;;) {
        const tasks = await gateway.tasksFor(link);
        const messages: ServerMessage[] = [...link.drain(), ...tasks];
        const left = deadline - performance.now();
        if (messages.length || left <= 0 || link.closed || abort.signal.aborted) {
          link.countSent(tasks.reduce((n, m) => n + Buffer.byteLength(JSON.stringify(m)), 0));
          link.touch(0);
          return { messages };
        }
        await link.wait(left, abort.signal);
      }
    },
  );

  r.post(
    AGENT_PATHS.messages,
    {
      bodyLimit: MAX_MESSAGE_BYTES * 2,
      schema: {
        tags,
        summary: 'Send messages (fallback when WebSockets are blocked)',
        description:
          `${agentAuth} Up to ${MAX_UPLOAD_MESSAGES} protocol messages (hello, heartbeat, inventory, task ` +
          'acknowledgement, progress, result), handled in order exactly as over the WebSocket. Each is checked ' +
          'on its own: a bad one is answered with an error message naming its index, and the rest still count.',
        security: [],
        body: uploadRequestSchema,
        response: { 200: uploadResponseSchema, ...agentErrors },
      },
    },
    async (req) => {
      const link = await pollLink(req.headers.authorization);
      link.touch(Number(req.headers['content-length'] ?? 0));
      const replies: ServerMessage[] = [];
      for (const [index, raw] of req.body.messages.entries()) {
        const parsed = checkAgentMessage(raw);
        if (!parsed.ok) {
          replies.push(
            message({
              type: 'error',
              ...parsed.fault,
              fatal: false,
              message: `messages[${index}]: ${parsed.fault.message}`,
            }),
          );
          continue;
        }
        replies.push(...(await gateway.handle(link, parsed.message)));
      }
      link.countSent(replies.reduce((n, m) => n + Buffer.byteLength(JSON.stringify(m)), 0));
      return { messages: [...link.drain(), ...replies] };
    },
  );
}
