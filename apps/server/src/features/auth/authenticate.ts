import type { FastifyInstance, FastifyRequest } from 'fastify';
import { StewardError, errors } from '@steward/domain';
import { safeEqual } from '../../platform/auth/index.js';
import { principalForToken, type TokenDeps } from '../tokens/index.js';
import { findSession, SESSION_COOKIE, type SessionInfo } from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    session?: SessionInfo;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearer(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw errors.unauthenticated('Send the token as "Authorization: Bearer <token>".');
  return match[1];
}

/**
 * Resolves the caller of every /api/v1 request: a bearer token, or a session cookie (whose writes must
 * carry the session's CSRF token). Routes then require a principal, and services check its role.
 */
export function installAuthentication(app: FastifyInstance, deps: TokenDeps): void {
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/v1/')) return;
    // Public routes (a one-time acknowledgement link, say) ignore credentials altogether.
    if (req.routeOptions.config.public) return;
    const token = bearer(req);
    if (token !== undefined) {
      req.principal = await principalForToken(deps, token);
      return;
    }
    const secret = req.cookies[SESSION_COOKIE];
    if (!secret) return;
    const session = await findSession(deps.db, deps.clock, secret);
    if (!session) return;
    if (!SAFE_METHODS.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken)) {
        throw new StewardError(
          'csrf_failed',
          403,
          'Writes made with a session need the X-CSRF-Token header from the session.',
        );
      }
    }
    req.session = session;
    req.principal = session.principal;
  });
}
