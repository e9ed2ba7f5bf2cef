import { redact } from '../redact.js';

export type HttpErrorCode =
  /** The server answered with a status the caller did not expect. */
  | 'http_status'
  /** Still 401/403-expired after one re-authentication. */
  | 'unauthorized'
  /** 429 (or a vendor's quota error) and the retries, or the longest wait we accept, ran out. */
  | 'rate_limited'
  | 'timeout'
  | 'network'
  /** The token endpoint refused or failed. */
  | 'token_request_failed'
  /** The token endpoint answered 2xx with something that is not a token. */
  | 'token_response_invalid'
  /** A 2xx body that does not have the shape the connector relies on. */
  | 'response_invalid'
  /** A URL outside the connector's base URL (credentials are never sent elsewhere). */
  | 'foreign_url';

export interface HttpErrorInit {
  code: HttpErrorCode;
  message: string;
  method?: string;
  url?: string;
  status?: number;
  bodySnippet?: string;
  vendorCode?: string;
  retryAfterMs?: number;
  attempts?: number;
  retryable?: boolean;
  cause?: unknown;
  /** Redacted from the message; never stored on the error. */
  secrets?: Iterable<string>;
}

/** Every failure the transport reports. Texts are redacted: no auth header, token or secret ever appears. */
export class HttpError extends Error {
  readonly code: HttpErrorCode;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly status: number | undefined;
  /** A redacted excerpt of the response body. */
  readonly bodySnippet: string | undefined;
  /** The vendor's own error code from the body (INVALID_TOKEN, E0000047, InvalidAuthenticationToken…). */
  readonly vendorCode: string | undefined;
  /** How long the server asked us to wait, when it said. */
  readonly retryAfterMs: number | undefined;
  readonly attempts: number;
  /** Whether trying again later could succeed (a scheduler may re-queue the job). */
  readonly retryable: boolean;

  constructor(init: HttpErrorInit) {
    const secrets = [...(init.secrets ?? [])];
    super(redact(init.message, secrets), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'HttpError';
    this.code = init.code;
    this.method = init.method;
    this.url = init.url === undefined ? undefined : redact(init.url, secrets);
    this.status = init.status;
    this.bodySnippet = init.bodySnippet === undefined ? undefined : redact(init.bodySnippet, secrets);
    this.vendorCode = init.vendorCode;
    this.retryAfterMs = init.retryAfterMs;
    this.attempts = init.attempts ?? 1;
    this.retryable = init.retryable ?? false;
  }
}

export function isHttpError(e: unknown): e is HttpError {
  return e instanceof HttpError;
}
