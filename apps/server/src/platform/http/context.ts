import type { FastifyRequest } from 'fastify';
import { errors } from '@steward/domain';
import type { Principal, RequestContext } from '../auth/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** A route anyone may call (a signed one-time link): credentials are ignored, CSRF does not apply. */
    public?: boolean;
  }
}

/** The caller of a route that requires authentication; services then check the role. */
export function contextOf(req: FastifyRequest): RequestContext {
  if (!req.principal) throw errors.unauthenticated();
  return { principal: req.principal, requestId: String(req.id) };
}
