import type { z } from 'zod';
import { snippet } from '../redact.js';
import { HttpError } from './errors.js';
import { serverWait } from './retry-policy.js';
import type { HttpResponse } from './transport-types.js';
import { vendorErrorCode } from './vendor-error.js';

export interface RequestLabel {
  method: string;
  url: string;
  /** Read when the error is built, so a token fetched during the request is redacted too. */
  secrets: () => string[];
}

/** The HttpError for a response we give up on; body excerpt and vendor code included, secrets removed. */
export function responseError(
  res: HttpResponse,
  label: RequestLabel,
  attempts: number,
  code: 'rate_limited' | 'unauthorized' | 'http_status',
  retryAfterMs?: number,
): HttpError {
  const secrets = label.secrets();
  const excerpt = snippet(res.text, secrets);
  const vendorCode = vendorErrorCode(res.json);
  const plural = attempts === 1 ? '' : 's';
  return new HttpError({
    method: label.method,
    url: label.url,
    secrets,
    code,
    status: res.status,
    bodySnippet: excerpt,
    vendorCode,
    retryAfterMs: retryAfterMs ?? serverWait(res.headers)?.ms,
    attempts,
    retryable: code === 'rate_limited' || res.status >= 500,
    message: `${label.method} ${label.url} answered ${res.status}${vendorCode ? ` (${vendorCode})` : ''} after ${attempts} attempt${plural}: ${excerpt || '(empty body)'}`,
  });
}

/** The body parsed by `schema`, or an HttpError naming the fields that do not fit. */
export function validatedBody(
  schema: z.ZodType,
  res: HttpResponse,
  label: RequestLabel,
  attempts: number,
): unknown {
  const parsed = schema.safeParse(res.json);
  if (parsed.success) return parsed.data;
  const secrets = label.secrets();
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ');
  throw new HttpError({
    method: label.method,
    url: label.url,
    secrets,
    code: 'response_invalid',
    status: res.status,
    attempts,
    bodySnippet: snippet(res.text, secrets),
    message: `${label.method} ${label.url} answered ${res.status} with an unexpected body: ${issues}`,
  });
}

export function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
