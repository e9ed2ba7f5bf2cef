import type { Selectable } from 'kysely';
import { z } from 'zod';
import { errors } from '@steward/domain';
import { authorize, hashSecret, type RequestContext } from '../../platform/auth/index.js';
import { afterCommit, inTransaction, iso, type AssignmentsTable } from '../../platform/db/index.js';
import { newId, randomToken } from '../../platform/ids/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import type { AssignInput } from './asset.schemas.js';
import { adjustStateCount, refreshSearchTokens, updateAssetRow } from './assets.repo.js';
import { checkReferences, loadView, publishChange, requireAsset, type AssetDeps } from './assets.service.js';

export const assignmentSchema = z
  .object({
    id: z.string(),
    assetId: z.string(),
    personId: z.string().nullable(),
    locationId: z.string().nullable(),
    assignedAt: z.string(),
    assignedBy: z.string(),
    dueAt: z.string().nullable(),
    returnedAt: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    note: z.string().nullable(),
    overdue: z.boolean(),
  })
  .meta({ id: 'Assignment' });
export type Assignment = z.infer<typeof assignmentSchema>;

function toAssignment(r: Selectable<AssignmentsTable>, now: string): Assignment {
  return {
    id: r.id,
    assetId: r.asset_id,
    personId: r.person_id,
    locationId: r.location_id,
    assignedAt: r.assigned_at,
    assignedBy: r.assigned_by,
    dueAt: r.due_at,
    returnedAt: r.returned_at,
    acknowledgedAt: r.acknowledged_at,
    note: r.note,
    overdue: r.returned_at === null && r.due_at !== null && r.due_at < now,
  };
}

/** Assign to a person and/or location; closes the previous assignment. With a person, returns a one-time acknowledgement link. */
export async function assignAsset(
  deps: AssetDeps & { publicUrl: () => string },
  ctx: RequestContext,
  assetId: string,
  input: AssignInput,
) {
  const { tenantId, actor } = authorize(ctx.principal, 'operator');
  const secret = input.personId ? randomToken(24) : undefined;
  const result = await inTransaction(deps.db, async (trx) => {
    const row = await requireAsset(trx, tenantId, assetId);
    if (['disposed', 'lost', 'stolen', 'retired', 'ordered'].includes(row.lifecycle_state)) {
      throw errors.conflict(`An asset in state ${row.lifecycle_state} cannot be assigned.`, [
        { path: 'lifecycleState', reason: `is ${row.lifecycle_state}` },
      ]);
    }
    await checkReferences(trx, tenantId, input, 'body');
    const before = await loadView(trx, tenantId, row);
    const now = iso(deps.clock.now());
    await trx
      .updateTable('assignments')
      .set({ returned_at: now })
      .where('tenant_id', '=', tenantId)
      .where('asset_id', '=', assetId)
      .where('returned_at', 'is', null)
      .execute();
    const assignment = {
      id: newId(),
      tenant_id: tenantId,
      asset_id: assetId,
      person_id: input.personId ?? null,
      location_id: input.locationId ?? null,
      assigned_at: now,
      assigned_by: `${actor.type}:${actor.id}`,
      due_at: input.dueAt ? iso(new Date(input.dueAt)) : null,
      returned_at: null,
      note: input.note ?? null,
      acknowledged_at: null,
      ack_token_hash: secret ? hashSecret(secret) : null,
    };
    await trx.insertInto('assignments').values(assignment).execute();
    // Handing an asset in stock to a person deploys it.
    const deploys = input.personId !== undefined && ['in_stock', 'received'].includes(row.lifecycle_state);
    const set = {
      assigned_person_id: input.personId ?? null,
      location_id: input.locationId ?? row.location_id,
      updated_at: now,
      ...(deploys ? { lifecycle_state: 'deployed' } : {}),
    };
    if (!(await updateAssetRow(trx, tenantId, assetId, set, Number(row.version))))
      throw errors.conflict('The asset changed meanwhile; retry.');
    if (deploys) {
      await adjustStateCount(trx, tenantId, row.kind, row.lifecycle_state, -1);
      await adjustStateCount(trx, tenantId, row.kind, 'deployed', 1);
    }
    const updated = await requireAsset(trx, tenantId, assetId);
    await refreshSearchTokens(trx, tenantId, updated);
    const after = await loadView(trx, tenantId, updated);
    await recordAudit(
      trx,
      auditFrom(ctx, { action: 'asset.assigned', target: { type: 'asset', id: assetId }, before, after }),
      deps.clock,
    );
    return { assignment: toAssignment(assignment, now), asset: after };
  });
  await afterCommit(deps.db, () => publishChange(deps.bus, tenantId, assetId, 'updated'));
  return {
    ...result,
    acknowledgementUrl: secret ? `${deps.publicUrl()}/acknowledge/${result.assignment.id}.${secret}` : null,
  };
}

export async function unassignAsset(deps: AssetDeps, ctx: RequestContext, assetId: string, note?: string) {
  const { tenantId } = authorize(ctx.principal, 'operator');
  const view = await inTransaction(deps.db, async (trx) => {
    const row = await requireAsset(trx, tenantId, assetId);
    const before = await loadView(trx, tenantId, row);
    const now = iso(deps.clock.now());
    await trx
      .updateTable('assignments')
      .set({ returned_at: now, ...(note ? { note } : {}) })
      .where('tenant_id', '=', tenantId)
      .where('asset_id', '=', assetId)
      .where('returned_at', 'is', null)
      .execute();
    if (
      !(await updateAssetRow(
        trx,
        tenantId,
        assetId,
        { assigned_person_id: null, updated_at: now },
        Number(row.version),
      ))
    ) {
      throw errors.conflict('The asset changed meanwhile; retry.');
    }
    const updated = await requireAsset(trx, tenantId, assetId);
    await refreshSearchTokens(trx, tenantId, updated);
    const after = await loadView(trx, tenantId, updated);
    await recordAudit(
      trx,
      auditFrom(ctx, { action: 'asset.unassigned', target: { type: 'asset', id: assetId }, before, after }),
      deps.clock,
    );
    return after;
  });
  await afterCommit(deps.db, () => publishChange(deps.bus, tenantId, assetId, 'updated'));
  return view;
}

export async function assignmentHistory(
  deps: AssetDeps,
  ctx: RequestContext,
  assetId: string,
): Promise<Assignment[]> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  await requireAsset(deps.db, tenantId, assetId);
  const now = iso(deps.clock.now());
  const rows = await deps.db
    .selectFrom('assignments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('asset_id', '=', assetId)
    .orderBy('assigned_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => toAssignment(r, now));
}

/** Loaners past their due date and not returned. */
export async function overdueAssignments(deps: AssetDeps, ctx: RequestContext): Promise<Assignment[]> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const now = iso(deps.clock.now());
  const rows = await deps.db
    .selectFrom('assignments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('returned_at', 'is', null)
    .where('due_at', '<', now)
    .orderBy('due_at')
    .limit(1000)
    .execute();
  return rows.map((r) => toAssignment(r, now));
}

function parseAckToken(token: string): { id: string; secret: string } {
  const [id, secret] = token.split('.');
  if (!id || !secret) throw errors.notFound('Acknowledgement');
  return { id, secret };
}

async function findPendingAck(deps: AssetDeps, token: string) {
  const { id, secret } = parseAckToken(token);
  const row = await deps.db.selectFrom('assignments').selectAll().where('id', '=', id).executeTakeFirst();
  // One answer for unknown, used and wrong tokens, so the link reveals nothing.
  if (!row || !row.ack_token_hash || row.ack_token_hash !== hashSecret(secret) || row.returned_at)
    throw errors.notFound('Acknowledgement');
  return row;
}

export const acknowledgementViewSchema = z.object({
  asset: z.object({
    name: z.string().nullable(),
    model: z.string().nullable(),
    serialNumber: z.string().nullable(),
    assetTag: z.string().nullable(),
  }),
  person: z.object({ name: z.string() }).nullable(),
  assignedAt: z.string(),
});

/** What the assignee sees when opening the link (no login). */
export async function describeAcknowledgement(deps: AssetDeps, token: string) {
  const a = await findPendingAck(deps, token);
  const asset = await requireAsset(deps.db, a.tenant_id, a.asset_id);
  const person = a.person_id
    ? await deps.db.selectFrom('people').select('name').where('id', '=', a.person_id).executeTakeFirst()
    : undefined;
  return {
    asset: {
      name: asset.name,
      model: asset.model,
      serialNumber: asset.serial_number,
      assetTag: asset.asset_tag,
    },
    person: person ? { name: person.name } : null,
    assignedAt: a.assigned_at,
  };
}

/** The assignee confirms receipt; the link then stops working. */
export async function acknowledge(deps: AssetDeps, token: string, requestId: string): Promise<void> {
  const a = await findPendingAck(deps, token);
  const person = a.person_id
    ? await deps.db
        .selectFrom('people')
        .select(['id', 'name', 'email'])
        .where('id', '=', a.person_id)
        .executeTakeFirst()
    : undefined;
  const now = iso(deps.clock.now());
  await inTransaction(deps.db, async (trx) => {
    const r = await trx
      .updateTable('assignments')
      .set({ acknowledged_at: now, ack_token_hash: null })
      .where('id', '=', a.id)
      .where('ack_token_hash', '=', a.ack_token_hash)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw errors.notFound('Acknowledgement');
    await recordAudit(
      trx,
      {
        tenantId: a.tenant_id,
        actor: {
          type: 'person',
          id: person?.id ?? 'unknown',
          name: person?.email ?? person?.name ?? 'assignee',
        },
        action: 'asset.acknowledged',
        target: { type: 'asset', id: a.asset_id },
        after: { assignmentId: a.id, acknowledgedAt: now },
        requestId,
      },
      deps.clock,
    );
  });
}
