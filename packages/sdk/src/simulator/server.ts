import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultPlan, type FaultAction } from './faults.js';
import type { TokenIssuer } from './tokens.js';

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** Path parameters from the matched route (`:id`). */
  params: Record<string, string>;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** Sent as JSON; `text` is sent as is. Neither: an empty body. */
  json?: unknown;
  text?: string;
}

export type SimHandler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export interface SimRoute {
  method: string;
  /** `/api/v1/computers-inventory-detail/:id`; a trailing `*` matches any rest. */
  path: string;
  handle: SimHandler;
  /** No credentials needed (token endpoints). */
  public?: boolean;
}

/** How the vendor says things go wrong: every simulator renders errors in its vendor's own envelope. */
export interface VendorErrors {
  unauthorized(req: SimRequest): SimResponse;
  notFound(req: SimRequest): SimResponse;
  serverError(status: number, req: SimRequest): SimResponse;
  rateLimited(retryAfterSeconds: number | undefined, req: SimRequest): SimResponse;
  badRequest(message: string, req: SimRequest): SimResponse;
}

export interface SimulatorOptions {
  name: string;
  routes: readonly SimRoute[];
  errors: VendorErrors;
  /** True when the request carries valid credentials; checked for every non-public route. */
  authenticate(req: SimRequest): boolean;
  tokens: TokenIssuer;
  faults?: FaultPlan;
  port?: number;
  host?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  at: number;
}

export interface SimulatorServer {
  name: string;
  url: string;
  port: number;
  faults: FaultPlan;
  tokens: TokenIssuer;
  /** Every request answered, in order (method, path, status): tests count pages, retries and refreshes. */
  requests: RecordedRequest[];
  maxInFlight: number;
  /**
   * Fleet ids (`d7`) or vendor ids whose records the simulator serves in a broken shape; vendor simulators
   * that support it set it, so a platform test can break one record without knowing the vendor.
   */
  malformed?: Set<string>;
  close(): Promise<void>;
}

/** A routed exception: throw it from a handler to answer in the vendor's envelope. */
export class SimHttpError extends Error {
  constructor(readonly response: SimResponse) {
    super(`simulated ${response.status}`);
  }
}

interface Compiled {
  route: SimRoute;
  regex: RegExp;
  names: string[];
}

function compile(route: SimRoute): Compiled {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((part) => {
      if (part === '*') return '.*';
      if (part.startsWith(':')) {
        names.push(part.slice(1));
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { route, regex: new RegExp(`^${source}$`), names };
}

function send(res: ServerResponse, reply: SimResponse): void {
  const headers: Record<string, string> = { ...reply.headers };
  let body = '';
  if (reply.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(reply.json);
  } else if (reply.text !== undefined) {
    headers['content-type'] ??= 'text/plain';
    body = reply.text;
  }
  res.writeHead(reply.status, headers);
  res.end(body);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Starts a vendor simulator on real HTTP (port 0 = any free port, loopback by default). */
export async function startSimulatorServer(options: SimulatorOptions): Promise<SimulatorServer> {
  const compiled = options.routes.map(compile);
  const faults = options.faults ?? new FaultPlan();
  const requests: RecordedRequest[] = [];
  const state = { inFlight: 0, maxInFlight: 0 };

  const answer = async (req: SimRequest): Promise<SimResponse | FaultAction> => {
    const candidates = compiled.filter((c) => c.regex.test(req.path));
    const match = candidates.find((c) => c.route.method === req.method);
    if (!match) return options.errors.notFound(req);
    const groups = match.regex.exec(req.path) ?? [];
    match.names.forEach((name, i) => (req.params[name] = decodeURIComponent(groups[i + 1] ?? '')));
    if (!match.route.public) {
      const { delayMs, action } = faults.next(req.path, () => options.tokens.expireAll());
      if (delayMs > 0) await sleep(delayMs);
      if (action?.type === 'drop_connection') return action;
      if (action?.type === 'server_error') return options.errors.serverError(action.status, req);
      if (!options.authenticate(req)) return options.errors.unauthorized(req);
      if (action?.type === 'rate_limit') return options.errors.rateLimited(action.retryAfterSeconds, req);
    }
    try {
      return await match.route.handle(req);
    } catch (e) {
      if (e instanceof SimHttpError) return e.response;
      return options.errors.serverError(500, req);
    }
  };

  const server = createServer((incoming, res) => {
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    let counted = true;
    res.on('close', () => {
      if (counted) state.inFlight--;
      counted = false;
    });
    const chunks: Buffer[] = [];
    incoming.on('data', (c: Buffer) => chunks.push(c));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://simulator');
      const req: SimRequest = {
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        params: {},
      };
      void answer(req).then((reply) => {
        if ('type' in reply) {
          requests.push({ method: req.method, path: req.path, query: url.search, status: 0, at: Date.now() });
          incoming.socket.destroy();
          return;
        }
        requests.push({
          method: req.method,
          path: req.path,
          query: url.search,
          status: reply.status,
          at: Date.now(),
        });
        send(res, reply);
      });
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  return {
    name: options.name,
    url: `http://${host}:${port}`,
    port,
    faults,
    tokens: options.tokens,
    requests,
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Parses a JSON body, answering the vendor's 400 when it is not JSON. */
export function jsonBody(req: SimRequest, errors: VendorErrors): unknown {
  try {
    return req.body === '' ? undefined : (JSON.parse(req.body) as unknown);
  } catch {
    throw new SimHttpError(errors.badRequest('Malformed JSON body', req));
  }
}

/** A query parameter as an integer clamped to [min, max]; the fallback when absent, undefined when not an integer. */
export function intParam(
  query: URLSearchParams,
  name: string,
  fallback: number,
  bounds: { min?: number; max?: number } = {},
): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) return undefined;
  return Math.min(bounds.max ?? Number.MAX_SAFE_INTEGER, Math.max(bounds.min ?? 0, n));
}
