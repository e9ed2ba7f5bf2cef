import type { FastifyRequest } from 'fastify';
import { errors } from '@steward/domain';
import type { Principal, RequestContext } from '../auth/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The caller of a route that requires authentication; services then check the role. */
export function contextOf(req: FastifyRequest): RequestContext {
  if (!req.principal) throw errors.unauthenticated();
  return { principal: req.principal, requestId: String(req.id) };
}
