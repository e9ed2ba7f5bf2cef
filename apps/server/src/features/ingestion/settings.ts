import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import {
  DEFAULT_IDENTIFICATION,
  effectivePrecedence,
  precedenceSchema,
  type IdentificationSettings,
  type Precedence,
} from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import { fromJson, inTransaction, iso, toJson, type Clock, type DB } from '../../platform/db/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import { newId } from '../../platform/ids/index.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import { scheduleRereconcile } from './rereconcile.js';

type Db = Kysely<DB> | Transaction<DB>;

export const identificationSchema = z.strictObject({
  weakKeys: z.boolean().optional().describe('Match devices on hostname + model when nothing stronger does'),
  macSharedLimit: z
    .number()
    .int()
    .min(2)
    .max(100)
    .optional()
    .describe('A MAC held by this many entities stops identifying any of them'),
  extraJunkSerials: z.array(z.string().trim().min(1).max(100)).max(500).optional(),
  ignoredMacPrefixes: z
    .array(z.string().regex(/^[0-9a-fA-F]{2}([:.-]?[0-9a-fA-F]{2}){0,5}$/, 'a MAC prefix such as 00:50:b6'))
    .max(500)
    .optional(),
});

export const ingestionSettingsInput = z.strictObject({
  precedence: precedenceSchema.optional(),
  identification: identificationSchema.optional(),
});
export type IngestionSettingsInput = z.infer<typeof ingestionSettingsInput>;

export const ingestionSettingsSchema = z
  .object({
    precedence: z.record(z.string(), z.array(z.string())).describe('Per attribute group, highest first'),
    overrides: z.record(z.string(), z.array(z.string())).describe('The groups this tenant changed'),
    identification: z.object({
      weakKeys: z.boolean(),
      macSharedLimit: z.number().int(),
      extraJunkSerials: z.array(z.string()),
      ignoredMacPrefixes: z.array(z.string()),
    }),
  })
  .meta({ id: 'IngestionSettings' });
export type IngestionSettingsView = z.infer<typeof ingestionSettingsSchema>;

export interface EffectiveSettings {
  precedence: Precedence;
  identification: IdentificationSettings;
}

async function stored(db: Db, tenantId: string) {
  const row = await db
    .selectFrom('ingestion_settings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return {
    precedence: (row ? fromJson<Partial<Precedence>>(row.precedence) : null) ?? {},
    identification: (row ? fromJson<Partial<IdentificationSettings>>(row.identification) : null) ?? {},
  };
}

export async function loadSettings(db: Db, tenantId: string): Promise<EffectiveSettings> {
  const s = await stored(db, tenantId);
  return {
    precedence: effectivePrecedence(s.precedence),
    identification: { ...DEFAULT_IDENTIFICATION, ...s.identification },
  };
}

async function view(db: Db, tenantId: string): Promise<IngestionSettingsView> {
  const s = await stored(db, tenantId);
  const effective = await loadSettings(db, tenantId);
  return {
    precedence: effective.precedence,
    overrides: s.precedence,
    identification: effective.identification,
  };
}

export async function getIngestionSettings(
  deps: { db: Kysely<DB> },
  ctx: RequestContext,
): Promise<IngestionSettingsView> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  return view(deps.db, tenantId);
}

/**
 * Replace the tenant's overrides. A group left out returns to its default; so does identification.
 * Existing twins are reconciled again by a background job.
 */
export async function putIngestionSettings(
  deps: { db: Kysely<DB>; clock: Clock; queue: Pick<JobQueue, 'enqueue'> },
  ctx: RequestContext,
  input: IngestionSettingsInput,
): Promise<IngestionSettingsView> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  const generation = newId();
  return inTransaction(deps.db, async (trx) => {
    // Every twin is reconciled again under the new rules, in the background, a page at a time.
    await scheduleRereconcile(deps.queue, trx, tenantId, generation);
    const before = await view(trx, tenantId);
    const row = {
      tenant_id: tenantId,
      precedence: toJson(input.precedence ?? {}),
      identification: toJson(input.identification ?? {}),
      updated_at: iso(deps.clock.now()),
    };
    await trx
      .insertInto('ingestion_settings')
      .values(row)
      .onConflict((oc) =>
        oc.column('tenant_id').doUpdateSet({
          precedence: row.precedence,
          identification: row.identification,
          updated_at: row.updated_at,
        }),
      )
      .execute();
    const after = await view(trx, tenantId);
    await recordAudit(
      trx,
      auditFrom(ctx, {
        action: 'ingestion.settings_changed',
        target: { type: 'tenant', id: tenantId },
        before,
        after,
      }),
      deps.clock,
    );
    return after;
  });
}
