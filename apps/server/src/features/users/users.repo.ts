import type { Kysely, Transaction } from 'kysely';
import type { Role } from '@steward/domain';
import type { DB } from '../../platform/db/index.js';
import type { Member } from './users.schemas.js';

type Db = Kysely<DB> | Transaction<DB>;

function members(db: Db, tenantId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.name', 'm.role', 'm.created_at', 'u.disabled_at'])
    .where('m.tenant_id', '=', tenantId);
}

type MemberRow = {
  id: string;
  email: string;
  name: string;
  role: string;
  created_at: string;
  disabled_at: string | null;
};

export function toMember(r: MemberRow): Member {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role as Role,
    createdAt: r.created_at,
    disabled: r.disabled_at !== null,
  };
}

export async function listMembers(db: Db, tenantId: string): Promise<Member[]> {
  return (await members(db, tenantId).orderBy('u.email').execute()).map(toMember);
}

export async function findMember(db: Db, tenantId: string, userId: string): Promise<Member | undefined> {
  const r = await members(db, tenantId).where('u.id', '=', userId).executeTakeFirst();
  return r ? toMember(r) : undefined;
}

export function findUserByEmail(db: Db, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export function findUserById(db: Db, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(
  db: Db,
  row: { id: string; email: string; name: string; password_hash: string; created_at: string },
): Promise<void> {
  await db
    .insertInto('users')
    .values({ ...row, disabled_at: null })
    .execute();
}

export async function insertMembership(
  db: Db,
  row: { tenant_id: string; user_id: string; role: string; created_at: string },
): Promise<void> {
  await db.insertInto('memberships').values(row).execute();
}

export async function updateMembershipRole(
  db: Db,
  tenantId: string,
  userId: string,
  role: Role,
): Promise<void> {
  await db
    .updateTable('memberships')
    .set({ role })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .execute();
}

export async function updateUserName(db: Db, userId: string, name: string): Promise<void> {
  await db.updateTable('users').set({ name }).where('id', '=', userId).execute();
}

export async function updatePasswordHash(db: Db, userId: string, hash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).execute();
}

export async function deleteMembership(db: Db, tenantId: string, userId: string): Promise<void> {
  await db
    .deleteFrom('memberships')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .execute();
}

export async function countOwners(db: Db, tenantId: string): Promise<number> {
  const r = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function countUsers(db: Db): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
