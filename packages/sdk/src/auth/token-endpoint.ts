import { z } from 'zod';
import { HttpError } from '../http/errors.js';
import { vendorErrorCode } from '../http/vendor-error.js';
import { snippet } from '../redact.js';
import type { FetchedToken } from './token-cache.js';

// RFC 6749 only recommends expires_in; assume a short life so an unknown expiry costs a refetch, not a 401.
const DEFAULT_EXPIRES_IN_SECONDS = 300;

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive().optional(),
});

export interface TokenRequest {
  url: string;
  form: URLSearchParams;
  headers?: Record<string, string>;
  timeoutMs: number;
  fetch: typeof fetch;
  /** Redacted from any error text. */
  secrets: string[];
}

/** POSTs a form to an OAuth2 token endpoint and returns the access token, or throws a redacted HttpError. */
export async function requestToken(req: TokenRequest): Promise<FetchedToken> {
  const common = { method: 'POST', url: req.url, secrets: req.secrets };
  let res: Response;
  let text: string;
  try {
    res = await req.fetch(req.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        ...req.headers,
      },
      body: req.form.toString(),
      signal: AbortSignal.timeout(req.timeoutMs),
    });
    text = await res.text();
  } catch (cause) {
    const timedOut = cause instanceof DOMException && cause.name === 'TimeoutError';
    throw new HttpError({
      ...common,
      code: 'token_request_failed',
      message: `Token request to ${req.url} ${timedOut ? `timed out after ${req.timeoutMs} ms` : `failed: ${describe(cause)}`}.`,
      retryable: true,
      cause,
    });
  }

  const body = parseJson(text);
  if (!res.ok) {
    const code = vendorErrorCode(body);
    const excerpt = snippet(text, req.secrets);
    throw new HttpError({
      ...common,
      code: 'token_request_failed',
      status: res.status,
      vendorCode: code,
      bodySnippet: excerpt,
      message: `Token endpoint ${req.url} answered ${res.status}${code ? ` (${code})` : ''}: ${excerpt || '(empty body)'}`,
      retryable: res.status >= 500 || res.status === 429,
    });
  }
  const parsed = tokenResponseSchema.safeParse(body);
  if (!parsed.success) {
    const excerpt = snippet(text, req.secrets);
    throw new HttpError({
      ...common,
      code: 'token_response_invalid',
      status: res.status,
      bodySnippet: excerpt,
      message: `Token endpoint ${req.url} answered ${res.status} without an access_token: ${excerpt || '(empty body)'}`,
    });
  }
  return {
    accessToken: parsed.data.access_token,
    expiresInSeconds: parsed.data.expires_in ?? DEFAULT_EXPIRES_IN_SECONDS,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : '';
  return `${cause.message}${inner}`;
}
