import type { Kysely } from 'kysely';
import { errors, type Role } from '@steward/domain';
import { authorize, hashPassword, verifyPassword, type RequestContext } from '../../platform/auth/index.js';
import type { Clock, DB } from '../../platform/db/index.js';
import { recordAudit, auditFrom } from '../audit/index.js';
import { findTenantById, findTenantBySlug } from '../tenants/index.js';
import { findMember, findUserByEmail, findUserById, updatePasswordHash } from '../users/index.js';
import type { LoginLimits } from './rate-limit.js';
import { LoginRateLimiter } from './rate-limit.js';
import { createSession, deleteExpiredSessions, deleteSession, type SessionInfo } from './sessions.js';
import type { LoginInput, SessionView } from './auth.schemas.js';

export interface AuthDeps {
  db: Kysely<DB>;
  clock: Clock;
  sessionTtlMs: number;
  loginLimits: LoginLimits;
}

const BAD_CREDENTIALS = 'The email or password is wrong.';

async function pickMembership(db: Kysely<DB>, userId: string, tenantSlug: string | undefined) {
  if (tenantSlug) {
    const tenant = await findTenantBySlug(db, tenantSlug);
    const member = tenant ? await findMember(db, tenant.id, userId) : undefined;
    return tenant && member ? { tenant, role: member.role } : undefined;
  }
  const first = await db
    .selectFrom('memberships as m')
    .innerJoin('tenants as t', 't.id', 'm.tenant_id')
    .select(['t.id', 't.slug', 't.name', 't.created_at', 'm.role'])
    .where('m.user_id', '=', userId)
    .orderBy('m.created_at')
    .executeTakeFirst();
  return first ? { tenant: first, role: first.role as Role } : undefined;
}

export async function login(
  deps: AuthDeps,
  input: LoginInput,
  ip: string,
  requestId: string,
): Promise<{ secret: string; view: SessionView }> {
  const limiter = new LoginRateLimiter(deps.db, deps.clock, deps.loginLimits);
  await limiter.assertAllowed(input.email, ip);
  const user = await findUserByEmail(deps.db, input.email);
  const ok = await verifyPassword(user?.password_hash, input.password);
  const membership =
    user && ok && !user.disabled_at ? await pickMembership(deps.db, user.id, input.tenant) : undefined;
  if (!user || !membership) {
    await limiter.recordFailure(input.email, ip);
    throw errors.unauthenticated(BAD_CREDENTIALS);
  }
  await limiter.recordSuccess(input.email);
  await deleteExpiredSessions(deps.db, deps.clock, user.id);
  const session = await createSession(deps.db, deps.clock, user.id, membership.tenant.id, deps.sessionTtlMs);
  await recordAudit(
    deps.db,
    {
      tenantId: membership.tenant.id,
      actor: { type: 'user', id: user.id, name: user.email },
      action: 'session.created',
      target: { type: 'user', id: user.id },
      requestId,
    },
    deps.clock,
  );
  return {
    secret: session.secret,
    view: {
      user: { id: user.id, email: user.email, name: user.name },
      tenant: { id: membership.tenant.id, slug: membership.tenant.slug, name: membership.tenant.name },
      role: membership.role,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt,
    },
  };
}

export async function logout(deps: AuthDeps, ctx: RequestContext, secret: string): Promise<void> {
  await deleteSession(deps.db, secret);
  await recordAudit(
    deps.db,
    auditFrom(ctx, { action: 'session.ended', target: { type: 'user', id: ctx.principal.actor.id } }),
    deps.clock,
  );
}

export async function describeSession(deps: AuthDeps, session: SessionInfo): Promise<SessionView> {
  const { principal } = session;
  const [user, tenant] = await Promise.all([
    findUserById(deps.db, principal.actor.id),
    findTenantById(deps.db, principal.tenantId),
  ]);
  if (!user || !tenant) throw errors.unauthenticated();
  return {
    user: { id: user.id, email: user.email, name: user.name },
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
    role: principal.role,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt,
  };
}

export async function changePassword(
  deps: AuthDeps,
  ctx: RequestContext,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const principal = authorize(ctx.principal, 'viewer');
  if (principal.actor.type !== 'user')
    throw errors.forbidden('Only a signed-in user can change their password.');
  const user = await findUserById(deps.db, principal.actor.id);
  if (!user || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw errors.validation('The current password is wrong.', [
      { path: 'body.currentPassword', reason: 'does not match' },
    ]);
  }
  const hash = await hashPassword(input.newPassword);
  await deps.db.transaction().execute(async (trx) => {
    await updatePasswordHash(trx, user.id, hash);
    await recordAudit(
      trx,
      auditFrom(ctx, { action: 'user.password_changed', target: { type: 'user', id: user.id } }),
      deps.clock,
    );
  });
}
