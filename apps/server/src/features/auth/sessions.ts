import type { Kysely } from 'kysely';
import type { Role } from '@steward/domain';
import { hashSecret, type Principal } from '../../platform/auth/index.js';
import { iso, type Clock, type DB } from '../../platform/db/index.js';
import { randomToken } from '../../platform/ids/index.js';

export const SESSION_COOKIE = 'steward_session';

export interface SessionInfo {
  principal: Principal;
  csrfToken: string;
  expiresAt: string;
}

export async function createSession(
  db: Kysely<DB>,
  clock: Clock,
  userId: string,
  tenantId: string,
  ttlMs: number,
): Promise<{ secret: string; csrfToken: string; expiresAt: string }> {
  const secret = randomToken(32);
  const csrfToken = randomToken(24);
  const now = clock.now();
  const expiresAt = iso(new Date(now.getTime() + ttlMs));
  await db
    .insertInto('sessions')
    .values({
      id_hash: hashSecret(secret),
      user_id: userId,
      tenant_id: tenantId,
      csrf_token: csrfToken,
      created_at: iso(now),
      expires_at: expiresAt,
    })
    .execute();
  return { secret, csrfToken, expiresAt };
}

/** The session behind a cookie, if it is live and its user is still an enabled member of the tenant. */
export async function findSession(
  db: Kysely<DB>,
  clock: Clock,
  secret: string,
): Promise<SessionInfo | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('memberships as m', (j) =>
      j.onRef('m.user_id', '=', 's.user_id').onRef('m.tenant_id', '=', 's.tenant_id'),
    )
    .select([
      's.user_id',
      's.tenant_id',
      's.csrf_token',
      's.expires_at',
      'u.email',
      'u.name',
      'u.disabled_at',
      'm.role',
    ])
    .where('s.id_hash', '=', hashSecret(secret))
    .executeTakeFirst();
  if (!row || row.disabled_at !== null || row.expires_at <= iso(clock.now())) return undefined;
  return {
    principal: {
      tenantId: row.tenant_id,
      role: row.role as Role,
      actor: { type: 'user', id: row.user_id, name: row.email },
      via: 'session',
    },
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
  };
}

export async function deleteSession(db: Kysely<DB>, secret: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', hashSecret(secret)).execute();
}

export async function deleteExpiredSessions(db: Kysely<DB>, clock: Clock, userId: string): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where('expires_at', '<=', iso(clock.now()))
    .execute();
}
