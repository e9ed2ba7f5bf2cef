import type { Kysely } from 'kysely';
import { z } from 'zod';
import { errors } from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import { iso, type Clock, type DB } from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';
import { recordAudit } from '../audit/index.js';
import { findTenantById, findTenantBySlug, insertTenant } from './tenants.repo.js';

export const tenantSchema = z
  .object({ id: z.string(), slug: z.string(), name: z.string() })
  .meta({ id: 'Tenant' });
export type Tenant = z.infer<typeof tenantSchema>;

export const tenantSlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes, 2-63 characters');

export async function currentTenant(db: Kysely<DB>, ctx: RequestContext): Promise<Tenant> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const row = await findTenantById(db, tenantId);
  if (!row) throw errors.notFound('Tenant');
  return { id: row.id, slug: row.slug, name: row.name };
}

/** Get or create a tenant by slug (used at first start and by the CLI). */
export async function ensureTenant(
  db: Kysely<DB>,
  clock: Clock,
  slug: string,
  name: string,
): Promise<Tenant> {
  const parsed = tenantSlugSchema.safeParse(slug);
  if (!parsed.success)
    throw errors.validation('Invalid tenant slug.', [
      { path: 'tenant', reason: parsed.error.issues[0]!.message },
    ]);
  const existing = await findTenantBySlug(db, slug);
  if (existing) return { id: existing.id, slug: existing.slug, name: existing.name };
  const row = { id: newId(), slug, name, created_at: iso(clock.now()) };
  await db.transaction().execute(async (trx) => {
    await insertTenant(trx, row);
    await recordAudit(
      trx,
      {
        tenantId: row.id,
        actor: { type: 'system', id: 'bootstrap', name: 'Steward' },
        action: 'tenant.created',
        target: { type: 'tenant', id: row.id },
        after: { slug, name },
      },
      clock,
    );
  });
  return { id: row.id, slug, name };
}
