// A fake Acme (Jamf-like) API for the SDK's tests: OAuth2 token, paged computers, MDM commands.
import { pathOf, queryOf, sendJson, startTestServer, type TestServer } from './http-test-server.js';

export const ACME_SECRET = 'acme-secret-9f8e7d';

export interface AcmeServer extends TestServer {
  computers: unknown[];
  commands: unknown[];
  /** Pages (zero-based) that answer 400 once, to break a sync at a chosen point. */
  failPageOnce: Set<number>;
}

export function acmeComputer(n: number): Record<string, unknown> {
  return {
    id: String(n),
    udid: `UDID-${n}`,
    general: { name: `mac-${n}`, lastContactTime: '2025-01-01T00:00:00Z' },
    hardware: {
      serialNumber: `C02X${String(n).padStart(4, '0')}`,
      macAddress: `aa:bb:cc:00:00:${String(n).padStart(2, '0')}`,
    },
  };
}

export async function startAcmeServer(computers: unknown[]): Promise<AcmeServer> {
  const commands: unknown[] = [];
  const failPageOnce = new Set<number>();
  const server = await startTestServer((req, res) => {
    const path = pathOf(req);
    if (path === '/api/oauth/token') {
      const form = new URLSearchParams(req.body);
      if (form.get('client_secret') !== ACME_SECRET) return sendJson(res, 401, { error: 'invalid_client' });
      return sendJson(res, 200, { access_token: 'acme-token', token_type: 'Bearer', expires_in: 599 });
    }
    if (req.headers.authorization !== 'Bearer acme-token') {
      return sendJson(res, 401, { httpStatus: 401, errors: [{ code: 'INVALID_TOKEN' }] });
    }
    if (path === '/api/v1/computers-inventory') {
      const q = queryOf(req);
      const page = Number(q.get('page') ?? 0);
      const size = Number(q.get('page-size') ?? 100);
      if (failPageOnce.delete(page)) {
        return sendJson(res, 400, {
          httpStatus: 400,
          errors: [{ code: 'INVALID_FIELD', description: 'boom' }],
        });
      }
      return sendJson(res, 200, {
        totalCount: computers.length,
        results: computers.slice(page * size, page * size + size),
      });
    }
    if (path === '/api/v2/mdm/commands' && req.method === 'POST') {
      commands.push(JSON.parse(req.body));
      const id = String(50 + commands.length);
      return sendJson(res, 201, [{ id, href: `/api/v2/mdm/commands/${id}` }]);
    }
    sendJson(res, 404, { httpStatus: 404, errors: [{ code: 'NOT_FOUND' }] });
  });
  return Object.assign(server, { computers, commands, failPageOnce });
}
