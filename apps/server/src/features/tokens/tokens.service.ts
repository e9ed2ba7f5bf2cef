import type { Kysely } from 'kysely';
import { errors, roleAtLeast, type Role } from '@steward/domain';
import {
  authorize,
  systemContext,
  hashSecret,
  type Principal,
  type RequestContext,
} from '../../platform/auth/index.js';
import { iso, type Clock, type DB } from '../../platform/db/index.js';
import { newId, randomToken } from '../../platform/ids/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import {
  findToken,
  findTokenByHash,
  insertToken,
  listTokens,
  markRevoked,
  toToken,
  touchToken,
} from './tokens.repo.js';
import type { ApiToken, CreateTokenInput } from './tokens.schemas.js';

export const TOKEN_PREFIX = 'stw_';

export interface TokenDeps {
  db: Kysely<DB>;
  clock: Clock;
}

export async function listApiTokens(deps: TokenDeps, ctx: RequestContext): Promise<ApiToken[]> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  return (await listTokens(deps.db, tenantId)).map(toToken);
}

/** Creates a token and returns its secret once; only a hash is kept. */
export async function createApiToken(
  deps: TokenDeps,
  ctx: RequestContext,
  input: CreateTokenInput,
): Promise<{ token: ApiToken; secret: string }> {
  const principal = authorize(ctx.principal, 'admin');
  if (!roleAtLeast(principal.role, input.role)) {
    throw errors.forbidden(
      `You cannot create a token with the ${input.role} role; your role is ${principal.role}.`,
    );
  }
  const now = deps.clock.now();
  if (input.expiresAt && new Date(input.expiresAt) <= now) {
    throw errors.validation('The token would already be expired.', [
      { path: 'body.expiresAt', reason: 'must be in the future' },
    ]);
  }
  const secret = `${TOKEN_PREFIX}${randomToken(32)}`;
  const row = {
    id: newId(),
    tenant_id: principal.tenantId,
    name: input.name,
    role: input.role,
    token_hash: hashSecret(secret),
    prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
    created_by: `${principal.actor.type}:${principal.actor.id}`,
    created_at: iso(now),
    expires_at: input.expiresAt ? iso(new Date(input.expiresAt)) : null,
    revoked_at: null,
    last_used_at: null,
  };
  const token = toToken(row);
  await deps.db.transaction().execute(async (trx) => {
    await insertToken(trx, row);
    await recordAudit(
      trx,
      auditFrom(ctx, { action: 'token.created', target: { type: 'api_token', id: row.id }, after: token }),
      deps.clock,
    );
  });
  return { token, secret };
}

export async function revokeApiToken(deps: TokenDeps, ctx: RequestContext, id: string): Promise<ApiToken> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  return deps.db.transaction().execute(async (trx) => {
    const row = await findToken(trx, tenantId, id);
    if (!row) throw errors.notFound('API token');
    const before = toToken(row);
    if (row.revoked_at) return before;
    const at = iso(deps.clock.now());
    await markRevoked(trx, tenantId, id, at);
    const after = { ...before, revokedAt: at };
    await recordAudit(
      trx,
      auditFrom(ctx, { action: 'token.revoked', target: { type: 'api_token', id }, before, after }),
      deps.clock,
    );
    return after;
  });
}

const TOUCH_EVERY_MS = 60_000;

/** Resolve a bearer secret to the principal it stands for; a bad, revoked or expired token is a 401. */
export async function principalForToken(deps: TokenDeps, secret: string): Promise<Principal> {
  if (!secret.startsWith(TOKEN_PREFIX)) throw errors.unauthenticated('The bearer token is not valid.');
  const row = await findTokenByHash(deps.db, hashSecret(secret));
  if (!row) throw errors.unauthenticated('The bearer token is not valid.');
  const now = deps.clock.now();
  if (row.revoked_at) throw errors.unauthenticated('The bearer token has been revoked.');
  if (row.expires_at && new Date(row.expires_at) <= now)
    throw errors.unauthenticated('The bearer token has expired.');
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > TOUCH_EVERY_MS) {
    await touchToken(deps.db, row.id, iso(now));
  }
  return {
    tenantId: row.tenant_id,
    role: row.role as Role,
    actor: { type: 'token', id: row.id, name: row.name },
    via: 'token',
  };
}

/** Used by the CLI, which acts as the system rather than as a logged-in user. */
export async function createTokenAsSystem(
  deps: TokenDeps,
  tenantId: string,
  input: CreateTokenInput,
): Promise<{ token: ApiToken; secret: string }> {
  return createApiToken(deps, systemContext(tenantId), input);
}
