import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isStewardError, type ErrorDetail } from '@steward/domain';

export interface ErrorBody {
  error: { code: string; message: string; details: ErrorDetail[] };
}

function body(code: string, message: string, details: ErrorDetail[] = []): ErrorBody {
  return { error: { code, message, details } };
}

interface ZodLikeIssue {
  path?: PropertyKey[];
  message: string;
  code?: string;
  keys?: string[];
}

/** body.lines[0].quantity: array indexes in brackets, like the paths our services write. */
export function formatPath(context: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, seg) =>
      typeof seg === 'number' || /^\d+$/.test(String(seg))
        ? `${acc}[${String(seg)}]`
        : `${acc}.${String(seg)}`,
    context,
  );
}

function issueDetails(context: string, issues: ZodLikeIssue[]): ErrorDetail[] {
  return issues.flatMap((issue) => {
    const base = formatPath(context, issue.path ?? []);
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((k) => ({ path: `${base}.${k}`, reason: 'unknown field' }));
    }
    return [{ path: base, reason: issue.message }];
  });
}

/** Fastify's own client errors, by code, and what we call them. */
const FASTIFY_CLIENT_ERRORS: Record<string, { code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'invalid_json',
    message: 'The request body is empty but JSON was declared.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    message: 'Send the body as application/json.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'bad_request',
    message: 'Content-Length does not match the body.',
  },
};

/** Every error leaves the server in one shape: {"error":{"code","message","details":[{"path","reason"}]}}. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const context = err.validationContext === 'querystring' ? 'query' : (err.validationContext ?? 'body');
      const issues = err.validation.map((v) => ({
        path: (v.instancePath || '').split('/').filter(Boolean),
        message: v.message ?? 'invalid',
        code: v.keyword,
        keys: (v.params as { keys?: string[] } | undefined)?.keys,
      }));
      return reply
        .code(400)
        .send(body('validation_failed', `The request ${context} is invalid.`, issueDetails(context, issues)));
    }
    if (isStewardError(err)) {
      if (err.status >= 500) req.log.error({ err }, 'request failed');
      return reply
        .code(err.status)
        .headers(err.headers)
        .send(body(err.code, err.message, err.details));
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response did not match its schema');
      return reply.code(500).send(body('internal_error', 'The server produced an invalid response.'));
    }
    const known = err.code ? FASTIFY_CLIENT_ERRORS[err.code] : undefined;
    if (known) return reply.code(err.statusCode ?? 400).send(body(known.code, known.message));
    if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return reply.code(400).send(body('invalid_json', 'The request body is not valid JSON.'));
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send(body(err.code?.toLowerCase() ?? 'bad_request', err.message));
    }
    req.log.error({ err }, 'unhandled error');
    return reply
      .code(500)
      .send(body('internal_error', 'Something went wrong on the server; it has been logged.'));
  });
}

export function notFoundBody(method: string, url: string): ErrorBody {
  return body('not_found', `No route ${method} ${url.split('?')[0]}.`);
}
