import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { LoggerOptions } from 'pino';
import { newId } from '../ids/index.js';
import { installErrorHandling } from './error-handler.js';
import { instrumentHttp, type Metrics } from './metrics.js';
import { registerOpenApi } from './openapi.js';

export type App = FastifyInstance;

export interface HttpOptions {
  logger: LoggerOptions | false;
  logStream?: NodeJS.WritableStream;
  metrics: Metrics;
  version: string;
  bodyLimitBytes?: number;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Secrets must never reach the logs, whatever a later change decides to log. */
export const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.secret',
  '*.token',
  '*.passwordHash',
  '*.password_hash',
  '*.clientSecret',
  '*.client_secret',
  '*.accessToken',
  '*.access_token',
  '*.refreshToken',
  '*.apiKey',
  '*.privateKey',
  '*.masterKey',
];

export async function createHttp(options: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            ...options.logger,
            redact: LOG_REDACT,
            ...(options.logStream ? { stream: options.logStream } : {}),
          },
    bodyLimit: options.bodyLimitBytes ?? 10 * 1024 * 1024,
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : newId();
    },
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  installErrorHandling(app);
  await app.register(fastifyCookie);
  await registerOpenApi(app, options.version);
  instrumentHttp(app, options.metrics);
  return app;
}
