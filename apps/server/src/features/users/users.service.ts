import type { Kysely } from 'kysely';
import { errors, roleAtLeast, type Role } from '@steward/domain';
import {
  authorize,
  systemContext,
  hashPassword,
  type Principal,
  type RequestContext,
} from '../../platform/auth/index.js';
import { iso, type Clock, type DB } from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import {
  countOwners,
  deleteMembership,
  findMember,
  findUserByEmail,
  insertMembership,
  insertUser,
  listMembers,
  updateMembershipRole,
  updateUserName,
} from './users.repo.js';
import type { CreateUserInput, Member, UpdateUserInput } from './users.schemas.js';

export interface UserDeps {
  db: Kysely<DB>;
  clock: Clock;
}

function assertMayGrant(principal: Principal, role: Role): void {
  if (role === 'owner' && principal.role !== 'owner')
    throw errors.forbidden('Only an owner can make someone an owner.');
  if (!roleAtLeast(principal.role, role)) throw errors.forbidden(`You cannot grant the ${role} role.`);
}

export async function listUsers(deps: UserDeps, ctx: RequestContext): Promise<Member[]> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  return listMembers(deps.db, tenantId);
}

/** Add a person to the tenant: a new account, or an existing account (by email) gaining a membership. */
export async function createUser(
  deps: UserDeps,
  ctx: RequestContext,
  input: CreateUserInput,
): Promise<Member> {
  const principal = authorize(ctx.principal, 'admin');
  assertMayGrant(principal, input.role);
  const passwordHash = await hashPassword(input.password);
  const now = iso(deps.clock.now());
  return deps.db.transaction().execute(async (trx) => {
    let user = await findUserByEmail(trx, input.email);
    if (user && (await findMember(trx, principal.tenantId, user.id))) {
      throw errors.conflict(`${input.email} is already a member of this tenant.`, [
        { path: 'body.email', reason: 'already a member' },
      ]);
    }
    if (!user) {
      const row = {
        id: newId(),
        email: input.email,
        name: input.name,
        password_hash: passwordHash,
        created_at: now,
      };
      await insertUser(trx, row);
      user = { ...row, disabled_at: null };
    }
    await insertMembership(trx, {
      tenant_id: principal.tenantId,
      user_id: user.id,
      role: input.role,
      created_at: now,
    });
    const member = (await findMember(trx, principal.tenantId, user.id))!;
    await recordAudit(
      trx,
      auditFrom(ctx, { action: 'user.added', target: { type: 'user', id: user.id }, after: member }),
      deps.clock,
    );
    return member;
  });
}

export async function updateUser(
  deps: UserDeps,
  ctx: RequestContext,
  userId: string,
  input: UpdateUserInput,
): Promise<Member> {
  const principal = authorize(ctx.principal, 'admin');
  return deps.db.transaction().execute(async (trx) => {
    const before = await findMember(trx, principal.tenantId, userId);
    if (!before) throw errors.notFound('User');
    if (!roleAtLeast(principal.role, before.role))
      throw errors.forbidden(`You cannot change a user with the ${before.role} role.`);
    if (input.role && input.role !== before.role) {
      assertMayGrant(principal, input.role);
      if (before.role === 'owner' && (await countOwners(trx, principal.tenantId)) <= 1) {
        throw errors.conflict('A tenant must keep at least one owner.', [
          { path: 'body.role', reason: 'last owner' },
        ]);
      }
      await updateMembershipRole(trx, principal.tenantId, userId, input.role);
    }
    if (input.name && input.name !== before.name) await updateUserName(trx, userId, input.name);
    const after = (await findMember(trx, principal.tenantId, userId))!;
    await recordAudit(
      trx,
      auditFrom(ctx, { action: 'user.updated', target: { type: 'user', id: userId }, before, after }),
      deps.clock,
    );
    return after;
  });
}

export async function removeUser(deps: UserDeps, ctx: RequestContext, userId: string): Promise<void> {
  const principal = authorize(ctx.principal, 'admin');
  await deps.db.transaction().execute(async (trx) => {
    const before = await findMember(trx, principal.tenantId, userId);
    if (!before) throw errors.notFound('User');
    if (!roleAtLeast(principal.role, before.role))
      throw errors.forbidden(`You cannot remove a user with the ${before.role} role.`);
    if (before.role === 'owner' && (await countOwners(trx, principal.tenantId)) <= 1) {
      throw errors.conflict('A tenant must keep at least one owner.');
    }
    await deleteMembership(trx, principal.tenantId, userId);
    await trx
      .deleteFrom('sessions')
      .where('tenant_id', '=', principal.tenantId)
      .where('user_id', '=', userId)
      .execute();
    await recordAudit(
      trx,
      auditFrom(ctx, { action: 'user.removed', target: { type: 'user', id: userId }, before }),
      deps.clock,
    );
  });
}

/** First-run and CLI: create (or add) a user with a role in a tenant, acting as the system. */
export async function createUserAsSystem(
  deps: UserDeps,
  tenantId: string,
  input: CreateUserInput,
): Promise<Member> {
  return createUser(deps, systemContext(tenantId), input);
}
