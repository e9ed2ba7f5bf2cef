// Real HTTP servers for the SDK's tests (port 0, loopback). Test-only: not exported from the package.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** performance.now() when the request arrived. */
  at: number;
}

export type TestHandler = (req: TestRequest, res: ServerResponse) => unknown;

export interface TestServer {
  url: string;
  requests: TestRequest[];
  /** Requests being handled right now, and the most there ever were at once. */
  inFlight: number;
  maxInFlight: number;
  close(): Promise<void>;
}

export async function startTestServer(handler: TestHandler): Promise<TestServer> {
  const state = { requests: [] as TestRequest[], inFlight: 0, maxInFlight: 0 };
  const server = createServer((req, res) => {
    const at = performance.now();
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      state.inFlight--;
    };
    res.on('close', done);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded: TestRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at,
      };
      state.requests.push(recorded);
      Promise.resolve(handler(recorded, res)).catch((e: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { testServerError: String(e) });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get inFlight() {
      return state.inFlight;
    },
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

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

export function pathOf(req: TestRequest): string {
  return new URL(req.url, 'http://x').pathname;
}

export function queryOf(req: TestRequest): URLSearchParams {
  return new URL(req.url, 'http://x').searchParams;
}

export const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
