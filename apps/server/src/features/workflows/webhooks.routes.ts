import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import type { FastifyRouteSchemaDef } from 'fastify/types/schema.js';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/http/index.js';
import { errorBodySchema, errorResponses } from '../../platform/http/schemas.js';
import type { ConnectorDeps } from '../connectors/index.js';
import {
  receiveWebhook,
  rotateWebhookSecret,
  WEBHOOK_MAX_BYTES,
  WEBHOOK_TOLERANCE_SECONDS,
  webhookSecretSchema,
  type WebhookDeps,
} from './webhooks.service.js';

const idParams = z.strictObject({ id: z.string().min(1).max(64) });
const tags = ['Workflows'];

const deliveryHeaders = z.looseObject({
  'x-steward-timestamp': z.string().optional().describe('Unix seconds; within five minutes of the server'),
  'x-steward-delivery': z.string().optional().describe('A unique id per delivery (at most 128 characters)'),
  'x-steward-signature': z
    .string()
    .optional()
    .describe(
      'sha256=<hex HMAC-SHA256 of "<delivery id>.<timestamp>.<raw body>" keyed with the workflow’s secret>',
    ),
});

/**
 * The body is checked by the service, after the signature (over the raw bytes) is: the schema below
 * documents it, and only the other parts of the request are validated by their schemas.
 */
function documentedBodyOnly<S>(route: FastifyRouteSchemaDef<S>): ReturnType<FastifySchemaCompiler<S>> {
  if (route.httpPart === 'body') return (data) => ({ value: data });
  // Fastify hands each part's own schema here (typed as the route's); the zod compiler checks it.
  return validatorCompiler(route as unknown as FastifyRouteSchemaDef<z.ZodType>);
}

export function registerWebhookRoutes(app: FastifyInstance, deps: ConnectorDeps & WebhookDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/workflows/:id/webhook/rotate',
    {
      schema: {
        tags,
        summary: 'Rotate a webhook-triggered workflow’s signing secret',
        description:
          'Returns the new secret, the only time it is shown; the old one stops working at once. Needs admin.',
        params: idParams,
        response: { 200: webhookSecretSchema, ...errorResponses },
      },
    },
    async (req) => rotateWebhookSecret(deps, contextOf(req), req.params.id),
  );

  app.register(async (scope) => {
    // The signature covers the exact bytes sent, so this route keeps the raw body whatever its type.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/hooks/workflows/:id',
      {
        config: { public: true },
        bodyLimit: WEBHOOK_MAX_BYTES,
        validatorCompiler: documentedBodyOnly,
        schema: {
          tags,
          summary: 'Deliver an event to a webhook-triggered workflow',
          description:
            'No sign-in: the sender proves itself with the workflow’s secret. Send a JSON object (at most ' +
            `1 MiB); it becomes the run’s input. Timestamps more than ${WEBHOOK_TOLERANCE_SECONDS / 60} ` +
            'minutes off and bad signatures answer 401; a delivery id already received answers 409 and runs ' +
            'nothing; an unknown or disabled workflow, or one not triggered by a webhook, answers 404.',
          security: [],
          params: idParams,
          headers: deliveryHeaders,
          body: z.record(z.string(), z.unknown()).describe('Any JSON object'),
          response: {
            202: z.object({ runId: z.string() }),
            400: errorBodySchema,
            401: errorBodySchema,
            404: errorBodySchema,
            409: errorBodySchema,
            413: errorBodySchema,
          },
        },
      },
      async (req, reply) => {
        const raw: unknown = req.body;
        const result = await receiveWebhook(deps, req.params.id, {
          timestamp: req.headers['x-steward-timestamp'],
          deliveryId: req.headers['x-steward-delivery'],
          signature: req.headers['x-steward-signature'],
          body: Buffer.isBuffer(raw) ? raw : Buffer.alloc(0),
        });
        return reply.code(202).send(result);
      },
    );
  });
}
