// A small REST API for tests of the generic HTTP connector: it accepts any of the auth types the connector
// offers and echoes what it received, so a test sees exactly which credentials went over the wire.
import {
  startSimulatorServer,
  TokenIssuer,
  type SimRequest,
  type SimResponse,
  type SimulatorServer,
} from '@steward/sdk/simulator';

export const ECHO_SECRETS = {
  token: 'tok-3f9a1c7e5b',
  password: 'pw-8d2e6f4a1b',
  clientId: 'steward-client',
  clientSecret: 'cs-5c1e9b7d3a',
} as const;

const error = (status: number, message: string): SimResponse => ({ status, json: { error: { message } } });

function authorized(req: SimRequest, tokens: TokenIssuer): boolean {
  const auth = req.headers.authorization ?? '';
  const basic = Buffer.from(`admin:${ECHO_SECRETS.password}`).toString('base64');
  return (
    auth === `Bearer ${ECHO_SECRETS.token}` ||
    auth === `Basic ${basic}` ||
    req.headers['x-api-key'] === `Key ${ECHO_SECRETS.token}` ||
    tokens.verifyHeader(auth) !== undefined
  );
}

function issueToken(req: SimRequest, tokens: TokenIssuer): SimResponse {
  const form = new URLSearchParams(req.body);
  if (
    form.get('client_id') !== ECHO_SECRETS.clientId ||
    form.get('client_secret') !== ECHO_SECRETS.clientSecret
  )
    return { status: 401, json: { error: 'invalid_client' } };
  const token = tokens.issue(ECHO_SECRETS.clientId, 3600);
  return { status: 200, json: { access_token: token, token_type: 'Bearer', expires_in: 3600 } };
}

export function startEchoServer(): Promise<SimulatorServer> {
  const tokens = new TokenIssuer('at-');
  return startSimulatorServer({
    name: 'echo',
    tokens,
    authenticate: (req) => authorized(req, tokens),
    errors: {
      unauthorized: () => error(401, 'not authenticated'),
      notFound: () => error(404, 'no such path'),
      serverError: (status) => error(status, 'server error'),
      rateLimited: (after) => ({
        ...error(429, 'slow down'),
        headers: after === undefined ? undefined : { 'retry-after': String(after) },
      }),
      badRequest: (message) => error(400, message),
    },
    routes: [
      { method: 'POST', path: '/oauth/token', public: true, handle: (req) => issueToken(req, tokens) },
      {
        method: 'GET',
        path: '/public/ping',
        public: true,
        handle: () => ({ status: 200, json: { ok: true } }),
      },
      {
        method: 'GET',
        path: '/echo',
        handle: (req) => ({ status: 200, json: { headers: req.headers, query: req.query.toString() } }),
      },
      {
        method: 'POST',
        path: '/items/:id',
        handle: (req) => ({
          status: 201,
          json: { id: req.params.id, received: JSON.parse(req.body || 'null') as unknown },
        }),
      },
    ],
  });
}
