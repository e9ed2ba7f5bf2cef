import { errors, roleAtLeast, type Actor, type Role } from '@steward/domain';

/** Who is calling, for which tenant, with which role: resolved once per request, checked by every service. */
export interface Principal {
  tenantId: string;
  role: Role;
  actor: Actor;
  via: 'session' | 'token' | 'system';
}

/** The first line of every service method. Throws 403 when the role is too weak. */
export function authorize(principal: Principal | undefined, required: Role): Principal {
  if (!principal) throw errors.unauthenticated();
  if (!roleAtLeast(principal.role, required)) {
    throw errors.forbidden(`This action needs the ${required} role; you have ${principal.role}.`);
  }
  return principal;
}

export interface RequestContext {
  principal: Principal;
  requestId: string | null;
}

/** Steward itself acting in a tenant (first run, the CLI): full rights, audited as the system. */
export function systemContext(tenantId: string, name = 'steward CLI'): RequestContext {
  return {
    principal: { tenantId, role: 'owner', actor: { type: 'system', id: 'cli', name }, via: 'system' },
    requestId: null,
  };
}
