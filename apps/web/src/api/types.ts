// Shapes of the server's API (see /api/docs). Kept by hand; the server's zod schemas are the source of truth.

export const ROLES = ['viewer', 'operator', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

export function roleAtLeast(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

export const ACTOR_TYPES = ['user', 'token', 'connector', 'workflow', 'agent', 'person', 'system'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export interface Session {
  user: { id: string; email: string; name: string };
  tenant: { id: string; slug: string; name: string };
  role: Role;
  csrfToken: string;
  expiresAt: string;
}

export interface Member {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
  disabled: boolean;
}

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface CreatedToken {
  token: ApiToken;
  secret: string;
}

export interface AuditEvent {
  id: string;
  at: string;
  actor: { type: ActorType; id: string; name: string };
  action: string;
  target: { type: string; id: string | null };
  changes: Record<string, { before?: unknown; after?: unknown }>;
  requestId: string | null;
  /** Why, when the actor said (e.g. a legal hold's justification). */
  reason?: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ErrorDetail {
  path: string;
  reason: string;
}
