import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { AGENT_PATHS, MAX_MESSAGE_BYTES } from '@steward/protocol';
import { WebSocketServer, type RawData } from 'ws';
import { isStewardError } from '@steward/domain';
import { authenticateAgent } from '../agents.service.js';
import type { Gateway } from './gateway.js';
import { WebSocketLink } from './link.js';

const REASONS: Record<number, string> = {
  401: 'Unauthorized',
  404: 'Not Found',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** An upgrade refused before it happens: a plain HTTP answer with the same JSON error body as the API. */
function refuse(
  socket: Duplex,
  status: number,
  code: string,
  text: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ error: { code, message: text, details: [] } });
  const lines = [
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

function frameBytes(data: RawData): Buffer | string {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * Agents' WebSockets on the server's own port. The credential is checked before the upgrade; a full process
 * answers 503 with Retry-After so agents back off (with jitter) instead of hammering it.
 */
export function attachAgentWebSockets(app: FastifyInstance, gateway: Gateway): () => Promise<void> {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // Compression state costs tens of KiB per connection; agent traffic is small.
    perMessageDeflate: false,
    clientTracking: false,
  });
  const sockets = new Set<Duplex>();

  const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== AGENT_PATHS.ws) return refuse(socket, 404, 'not_found', 'No WebSocket here.');
    if (gateway.isFull())
      return refuse(socket, 503, 'unavailable', 'This server holds as many agents as it may; retry later.', {
        'Retry-After': String(gateway.deps.retryAfterSeconds),
      });
    let agent;
    try {
      agent = await authenticateAgent(gateway.deps, req.headers.authorization, gateway.findAgent);
    } catch (e) {
      if (isStewardError(e) && e.status === 401) return refuse(socket, 401, e.code, e.message);
      gateway.deps.log.error({ err: e }, 'agent upgrade failed');
      return refuse(socket, 500, 'internal', 'The server could not accept the connection.');
    }
    if (socket.destroyed) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      const link = new WebSocketLink(agent, ws);
      // Messages are handled one at a time, in the order the agent sent them.
      let chain = gateway.open(link);
      ws.on('message', (data) => {
        chain = chain
          .then(() => gateway.receive(link, frameBytes(data)))
          .catch((e: unknown) => {
            gateway.deps.log.error({ err: e, agentId: link.agentId }, 'agent message failed');
          });
      });
      ws.on('error', (e) => gateway.deps.log.warn({ err: e, agentId: link.agentId }, 'agent socket error'));
      ws.on('close', () => {
        chain = chain.then(() => gateway.closed(link)).catch(() => {});
      });
    });
  };

  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    upgrade(req, socket, head).catch((e: unknown) => {
      gateway.deps.log.error({ err: e }, 'agent upgrade failed');
      socket.destroy();
    });
  });

  return async () => {
    for (const s of sockets) s.destroy();
    wss.close();
  };
}
