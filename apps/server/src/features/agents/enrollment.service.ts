// Enrolment: an admin creates a tenant enrolment secret (shown once); an agent exchanges it for an agent id
// and a credential of its own, which is what it authenticates with from then on.
import { errors } from '@steward/domain';
import { PROTOCOL_VERSION, type EnrollRequest, type EnrollResponse } from '@steward/protocol';
import type { Kysely, Selectable } from 'kysely';
import { authorize, hashSecret, type RequestContext } from '../../platform/auth/index.js';
import {
  inTransaction,
  iso,
  toJson,
  type AgentEnrollmentSecretsTable,
  type Clock,
  type DB,
} from '../../platform/db/index.js';
import { newId, randomToken } from '../../platform/ids/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import { ensureAgentSource } from './source.js';

export interface EnrollmentDeps {
  db: Kysely<DB>;
  clock: Clock;
  heartbeatSeconds: number;
}

const SECRET_PREFIX = 'sae_';
type SecretRow = Selectable<AgentEnrollmentSecretsTable>;

export type EnrollmentSecretView = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  uses: number;
};

function secretView(row: SecretRow): EnrollmentSecretView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
    uses: Number(row.uses),
  };
}

export async function createEnrollmentSecret(
  deps: EnrollmentDeps,
  ctx: RequestContext,
  input: { name: string; expiresInDays?: number | undefined },
): Promise<EnrollmentSecretView & { secret: string }> {
  const { tenantId, actor } = authorize(ctx.principal, 'admin');
  const secret = SECRET_PREFIX + randomToken(32);
  const now = deps.clock.now();
  const row: SecretRow = {
    id: newId(),
    tenant_id: tenantId,
    name: input.name,
    secret_hash: hashSecret(secret),
    prefix: secret.slice(0, SECRET_PREFIX.length + 6),
    created_by: `${actor.type}:${actor.id}`,
    created_at: iso(now),
    expires_at: input.expiresInDays ? iso(new Date(now.getTime() + input.expiresInDays * 86_400_000)) : null,
    revoked_at: null,
    last_used_at: null,
    uses: 0,
  };
  await ensureAgentSource(deps, ctx);
  await inTransaction(deps.db, async (trx) => {
    await trx.insertInto('agent_enrollment_secrets').values(row).execute();
    await recordAudit(
      trx,
      auditFrom(ctx, {
        action: 'agent.enrollment_secret.created',
        target: { type: 'agent_enrollment_secret', id: row.id },
        after: secretView(row),
      }),
      deps.clock,
    );
  });
  return { ...secretView(row), secret };
}

export async function listEnrollmentSecrets(
  deps: EnrollmentDeps,
  ctx: RequestContext,
): Promise<EnrollmentSecretView[]> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  const rows = await deps.db
    .selectFrom('agent_enrollment_secrets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(secretView);
}

/** Agents already enrolled with it keep working; only new enrolments are refused. */
export async function revokeEnrollmentSecret(
  deps: EnrollmentDeps,
  ctx: RequestContext,
  id: string,
): Promise<EnrollmentSecretView> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  return inTransaction(deps.db, async (trx) => {
    const row = await trx
      .selectFrom('agent_enrollment_secrets')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw errors.notFound(`Enrolment secret ${id}`);
    if (row.revoked_at) return secretView(row);
    const revoked = { ...row, revoked_at: iso(deps.clock.now()) };
    await trx
      .updateTable('agent_enrollment_secrets')
      .set({ revoked_at: revoked.revoked_at })
      .where('id', '=', id)
      .execute();
    await recordAudit(
      trx,
      auditFrom(ctx, {
        action: 'agent.enrollment_secret.revoked',
        target: { type: 'agent_enrollment_secret', id },
        before: secretView(row),
        after: secretView(revoked),
      }),
      deps.clock,
    );
    return secretView(revoked);
  });
}

const refused = () => errors.unauthenticated('The enrolment secret is not valid.');

function newCredential(agentId: string): string {
  return `${agentId}.${randomToken(32)}`;
}

/** Public: the secret is the authentication. One answer for unknown, revoked and expired secrets. */
export async function enrollAgent(deps: EnrollmentDeps, input: EnrollRequest): Promise<EnrollResponse> {
  const now = iso(deps.clock.now());
  const secret = await deps.db
    .selectFrom('agent_enrollment_secrets')
    .selectAll()
    .where('secret_hash', '=', hashSecret(input.secret))
    .executeTakeFirst();
  if (!secret || secret.revoked_at || (secret.expires_at && secret.expires_at <= now)) throw refused();
  const agentId = newId();
  const credential = newCredential(agentId);
  await inTransaction(deps.db, async (trx) => {
    await trx
      .insertInto('agents')
      .values({
        id: agentId,
        tenant_id: secret.tenant_id,
        hostname: input.hostname,
        platform: input.platform,
        agent_version: input.agentVersion,
        capabilities: toJson([]),
        credential_hash: hashSecret(credential),
        pending_credential_hash: null,
        status: 'active',
        asset_id: null,
        enrollment_secret_id: secret.id,
        enrolled_at: now,
        revoked_at: null,
        last_seen_at: null,
        online_node: null,
        connection_id: null,
        transport: null,
        connected_at: null,
        updated_at: now,
      })
      .execute();
    await trx
      .updateTable('agent_enrollment_secrets')
      .set((eb) => ({ uses: eb('uses', '+', 1), last_used_at: now }))
      .where('id', '=', secret.id)
      .execute();
    await recordAudit(
      trx,
      {
        tenantId: secret.tenant_id,
        actor: { type: 'agent', id: agentId, name: input.hostname },
        requestId: null,
        action: 'agent.enrolled',
        target: { type: 'agent', id: agentId },
        after: {
          hostname: input.hostname,
          platform: input.platform,
          agentVersion: input.agentVersion,
          secretPrefix: secret.prefix,
        },
      },
      deps.clock,
    );
  });
  return { agentId, credential, protocol: PROTOCOL_VERSION, heartbeatSeconds: deps.heartbeatSeconds };
}

/**
 * The agent asks for a new credential with its current one. Until the new one is first used the old one
 * still works, so an answer lost on the way does not lock the agent out; the first use retires the old.
 */
export async function rotateCredential(
  deps: EnrollmentDeps,
  agentId: string,
): Promise<{ credential: string }> {
  const credential = newCredential(agentId);
  await deps.db
    .updateTable('agents')
    .set({ pending_credential_hash: hashSecret(credential), updated_at: iso(deps.clock.now()) })
    .where('id', '=', agentId)
    .where('status', '=', 'active')
    .execute();
  return { credential };
}
