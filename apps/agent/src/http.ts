import { z } from 'zod';

/** An absolute URL for a protocol path on the server, keeping any path prefix the server URL has. */
export function serverUrl(server: string, path: string): URL {
  const base = new URL(server);
  const prefix = base.pathname.replace(/\/+$/, '');
  base.pathname = `${prefix}${path}`;
  base.search = '';
  base.hash = '';
  return base;
}

export function webSocketUrl(server: string, path: string): URL {
  const url = serverUrl(server, path);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url;
}

const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** An HTTP answer the agent did not want, with the server's error code where it sent one. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

export async function httpErrorFrom(response: Response, what: string): Promise<HttpError> {
  let code: string | undefined;
  let detail = response.statusText;
  try {
    const parsed = errorBodySchema.safeParse(await response.json());
    if (parsed.success) {
      code = parsed.data.error.code;
      detail = parsed.data.error.message;
    }
  } catch {
    // Not JSON: the status line is all there is.
  }
  return new HttpError(
    response.status,
    code,
    `${what} failed: HTTP ${response.status}${code ? ` ${code}` : ''}: ${detail}`,
    parseRetryAfter(response.headers.get('retry-after')),
  );
}

export type FetchLike = typeof fetch;
