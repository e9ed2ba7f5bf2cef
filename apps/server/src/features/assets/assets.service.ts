import type { Kysely, Transaction } from 'kysely';
import {
  ASSET_ATTRIBUTES,
  StewardError,
  checkTransition,
  errors,
  type AssetKind,
  type ErrorDetail,
} from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import type { Bus } from '../../platform/bus/index.js';
import type { BuiltInSource, KnownEntityObservation, ObserveKnown } from '../../platform/observe/index.js';
import { afterCommit, inTransaction, iso, type Clock, type DB } from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import { customValuesOf, validateCustomValues, writeCustomValues } from '../custom-fields/index.js';
import { toColumns, toView, type AssetRow } from './asset.mapping.js';
import type { AssetView, CreateAssetInput, TransitionInput, UpdateAssetInput } from './asset.schemas.js';
import {
  adjustStateCount,
  deleteAssetRow,
  findAsset,
  findAssetByTag,
  insertAsset,
  refreshSearchTokens,
  replaceTags,
  tagsOf,
  updateAssetRow,
} from './assets.repo.js';

export interface AssetDeps {
  db: Kysely<DB>;
  clock: Clock;
  bus: Bus;
  /** Feeds what an edit says into the ingestion pipeline, as the `manual` source's observation. */
  observe: ObserveKnown;
}

type Db = Kysely<DB> | Transaction<DB>;

/** A full view of one asset: attributes, tags and custom values. */
export async function loadView(db: Db, tenantId: string, row: AssetRow): Promise<AssetView> {
  const [tags, custom] = await Promise.all([
    tagsOf(db, tenantId, [row.id]),
    customValuesOf(db, tenantId, 'asset', [row.id]),
  ]);
  return toView(row, { tags: tags.get(row.id) ?? [], custom: custom.get(row.id) ?? {} });
}

export async function requireAsset(db: Db, tenantId: string, id: string): Promise<AssetRow> {
  const row = await findAsset(db, tenantId, id);
  if (!row) throw errors.notFound('Asset');
  return row;
}

/** Person and location references must exist in the caller's tenant. */
export async function checkReferences(
  db: Db,
  tenantId: string,
  refs: { personId?: string | null; locationId?: string | null },
  path: string,
) {
  const problems: ErrorDetail[] = [];
  if (refs.personId) {
    const p = await db
      .selectFrom('people')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', refs.personId)
      .executeTakeFirst();
    if (!p) problems.push({ path: `${path}.personId`, reason: 'no such person' });
  }
  if (refs.locationId) {
    const l = await db
      .selectFrom('locations')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', refs.locationId)
      .executeTakeFirst();
    if (!l) problems.push({ path: `${path}.locationId`, reason: 'no such location' });
  }
  if (problems.length) throw errors.validation('A reference does not exist.', problems);
}

async function assertTagFree(db: Db, tenantId: string, assetTag: unknown, exceptId?: string) {
  if (typeof assetTag !== 'string') return;
  const other = await findAssetByTag(db, tenantId, assetTag.trim());
  if (other && other.id !== exceptId) {
    throw errors.conflict(`Asset tag ${assetTag} is already used by another asset.`, [
      { path: 'body.assetTag', reason: 'already in use' },
    ]);
  }
}

function attributesOf(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of ASSET_ATTRIBUTES) if (!a.managed && input[a.key] !== undefined) out[a.key] = input[a.key];
  return out;
}

/** An edit as the observation of one of Steward's own sources (what it said, field by field). */
function editObservation(
  source: BuiltInSource,
  id: string,
  kind: AssetKind,
  attributes: Record<string, unknown>,
): KnownEntityObservation {
  return {
    entityType: 'asset',
    entityId: id,
    kind,
    source,
    identifiers: {},
    attributes: attributes as KnownEntityObservation['attributes'],
  };
}

export async function publishChange(
  bus: Bus,
  tenantId: string,
  assetId: string,
  action: string,
): Promise<void> {
  await bus.publish(`tenant.${tenantId}.asset.${action}`, { assetId });
}

/** Which of Steward's own sources an edit counts as: an admin (default), a CSV import, a reseller order. */
export interface EditSource {
  source?: BuiltInSource;
}

export async function createAsset(
  deps: AssetDeps,
  ctx: RequestContext,
  input: CreateAssetInput,
  { source = 'manual' }: EditSource = {},
): Promise<AssetView> {
  const { tenantId } = authorize(ctx.principal, 'operator');
  const now = iso(deps.clock.now());
  const view = await inTransaction(deps.db, async (trx) => {
    await assertTagFree(trx, tenantId, input.assetTag);
    const custom = await validateCustomValues(trx, tenantId, 'asset', input.custom ?? {}, {
      path: 'body.custom',
      creating: true,
    });
    const row: AssetRow = {
      ...emptyRow(),
      ...toColumns(attributesOf(input)),
      id: newId(),
      tenant_id: tenantId,
      kind: input.kind,
      lifecycle_state: input.lifecycleState,
      legal_hold: 0,
      created_at: now,
      updated_at: now,
      version: 1,
    } as AssetRow;
    await insertAsset(trx, row);
    await replaceTags(trx, tenantId, row.id, input.tags ?? []);
    await writeCustomValues(trx, tenantId, row.id, custom);
    await refreshSearchTokens(trx, tenantId, row);
    await adjustStateCount(trx, tenantId, row.kind, row.lifecycle_state, 1);
    await deps.observe(trx, ctx, [
      editObservation(source, row.id, row.kind as AssetKind, attributesOf(input)),
    ]);
    const created = await loadView(trx, tenantId, await requireAsset(trx, tenantId, row.id));
    await recordAudit(
      trx,
      auditFrom(ctx, { action: 'asset.created', target: { type: 'asset', id: row.id }, after: created }),
      deps.clock,
    );
    return created;
  });
  await afterCommit(deps.db, () => publishChange(deps.bus, tenantId, view.id, 'created'));
  return view;
}

function emptyRow(): Record<string, null> {
  return Object.fromEntries(ASSET_ATTRIBUTES.map((a) => [a.column, null]));
}

export async function getAsset(
  deps: Pick<AssetDeps, 'db'>,
  ctx: RequestContext,
  id: string,
): Promise<AssetView> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  return loadView(deps.db, tenantId, await requireAsset(deps.db, tenantId, id));
}

function staleVersion(current: number): StewardError {
  return new StewardError(
    'version_conflict',
    409,
    `The asset changed since you read it (it is now at version ${current}); reload and retry.`,
    [{ path: 'body.version', reason: `current version is ${current}` }],
  );
}

export async function updateAsset(
  deps: AssetDeps,
  ctx: RequestContext,
  id: string,
  input: UpdateAssetInput,
  { source = 'manual' }: EditSource = {},
): Promise<AssetView> {
  const { tenantId } = authorize(ctx.principal, 'operator');
  const view = await inTransaction(deps.db, async (trx) => {
    const row = await requireAsset(trx, tenantId, id);
    if (input.version !== undefined && input.version !== Number(row.version))
      throw staleVersion(Number(row.version));
    const before = await loadView(trx, tenantId, row);
    await assertTagFree(trx, tenantId, input.assetTag, id);
    const custom = await validateCustomValues(trx, tenantId, 'asset', input.custom ?? {}, {
      path: 'body.custom',
      creating: false,
    });
    const set = { ...toColumns(attributesOf(input)), updated_at: iso(deps.clock.now()) };
    if (!(await updateAssetRow(trx, tenantId, id, set, Number(row.version))))
      throw staleVersion(Number(row.version) + 1);
    if (input.tags) await replaceTags(trx, tenantId, id, input.tags);
    await writeCustomValues(trx, tenantId, id, custom);
    const edited = { ...attributesOf(input), ...custom };
    if (Object.keys(edited).length)
      await deps.observe(trx, ctx, [editObservation(source, id, row.kind as AssetKind, edited)]);
    const updated = await requireAsset(trx, tenantId, id);
    await refreshSearchTokens(trx, tenantId, updated);
    const after = await loadView(trx, tenantId, updated);
    await recordAudit(
      trx,
      auditFrom(ctx, { action: 'asset.updated', target: { type: 'asset', id }, before, after }),
      deps.clock,
    );
    return after;
  });
  await afterCommit(deps.db, () => publishChange(deps.bus, tenantId, id, 'updated'));
  return view;
}

/** Legal hold refuses destructive actions whatever the state; the error names the hold. */
export function assertNotOnHold(row: AssetRow, action: string): void {
  if (Number(row.legal_hold) === 1) {
    throw new StewardError(
      'legal_hold',
      409,
      `The asset is under legal hold; ${action} is refused until the hold is lifted.`,
      [{ path: 'legalHold', reason: 'asset is under legal hold' }],
    );
  }
}

export async function deleteAsset(deps: AssetDeps, ctx: RequestContext, id: string): Promise<void> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  await inTransaction(deps.db, async (trx) => {
    const row = await requireAsset(trx, tenantId, id);
    assertNotOnHold(row, 'deletion');
    const before = await loadView(trx, tenantId, row);
    await deleteAssetRow(trx, tenantId, id);
    await adjustStateCount(trx, tenantId, row.kind, row.lifecycle_state, -1);
    await recordAudit(
      trx,
      auditFrom(ctx, { action: 'asset.deleted', target: { type: 'asset', id }, before }),
      deps.clock,
    );
  });
  await afterCommit(deps.db, () => publishChange(deps.bus, tenantId, id, 'deleted'));
}

async function hasDestructionCertificate(db: Db, tenantId: string, assetId: string): Promise<boolean> {
  const r = await db
    .selectFrom('attachments')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('entity_id', '=', assetId)
    .where('kind', '=', 'certificate_of_destruction')
    .executeTakeFirst();
  return r !== undefined;
}

/** States that mean nobody holds the asset any more: an open assignment is closed on entering them. */
const UNASSIGNING_STATES = new Set(['in_stock', 'retired', 'disposed']);

export async function transitionAsset(
  deps: AssetDeps,
  ctx: RequestContext,
  id: string,
  input: TransitionInput,
): Promise<AssetView> {
  const { tenantId } = authorize(ctx.principal, 'operator');
  const view = await inTransaction(deps.db, async (trx) => {
    const row = await requireAsset(trx, tenantId, id);
    const from = row.lifecycle_state as TransitionInput['to'];
    const refusal = checkTransition({
      from,
      to: input.to,
      legalHold: Number(row.legal_hold) === 1,
      disposalMethod: input.disposalMethod,
      hasDestructionCertificate:
        input.disposalMethod === 'destroyed' && (await hasDestructionCertificate(trx, tenantId, id)),
    });
    if (refusal?.kind === 'illegal') {
      throw new StewardError(
        'illegal_transition',
        409,
        `An asset cannot go from ${from} to ${input.to}. Allowed from ${from}: ${refusal.allowed.join(', ') || 'none (final state)'}.`,
        [{ path: 'body.to', reason: `allowed: ${refusal.allowed.join(', ') || 'none'}` }],
      );
    }
    if (refusal?.kind === 'legal_hold') assertNotOnHold(row, 'disposal');
    if (refusal?.kind === 'disposal_method_required') {
      throw errors.validation('Disposal needs its method.', [
        { path: 'body.disposalMethod', reason: 'required when moving to disposed' },
      ]);
    }
    if (refusal?.kind === 'certificate_required') {
      throw new StewardError(
        'certificate_required',
        409,
        'Destruction needs a certificate of destruction attached to the asset first.',
        [
          {
            path: 'body.disposalMethod',
            reason: 'attach a certificate_of_destruction before disposing as destroyed',
          },
        ],
      );
    }
    const before = await loadView(trx, tenantId, row);
    const now = iso(deps.clock.now());
    const unassign = UNASSIGNING_STATES.has(input.to);
    const set = {
      lifecycle_state: input.to,
      updated_at: now,
      ...(input.to === 'disposed' ? { disposal_method: input.disposalMethod ?? null, disposed_at: now } : {}),
      ...(unassign ? { assigned_person_id: null } : {}),
    };
    if (!(await updateAssetRow(trx, tenantId, id, set, Number(row.version))))
      throw staleVersion(Number(row.version) + 1);
    if (unassign && row.assigned_person_id) {
      await trx
        .updateTable('assignments')
        .set({ returned_at: now })
        .where('tenant_id', '=', tenantId)
        .where('asset_id', '=', id)
        .where('returned_at', 'is', null)
        .execute();
    }
    await adjustStateCount(trx, tenantId, row.kind, from, -1);
    await adjustStateCount(trx, tenantId, row.kind, input.to, 1);
    const updated = await requireAsset(trx, tenantId, id);
    if (unassign) await refreshSearchTokens(trx, tenantId, updated);
    const after = await loadView(trx, tenantId, updated);
    await recordAudit(
      trx,
      {
        ...auditFrom(ctx, {
          action: 'asset.lifecycle_changed',
          target: { type: 'asset', id },
          before,
          after,
        }),
        reason: input.reason,
      },
      deps.clock,
    );
    return after;
  });
  await afterCommit(deps.db, () => publishChange(deps.bus, tenantId, id, 'updated'));
  return view;
}

export async function setLegalHold(
  deps: AssetDeps,
  ctx: RequestContext,
  id: string,
  input: { hold: boolean; reason: string },
): Promise<AssetView> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  const view = await inTransaction(deps.db, async (trx) => {
    const row = await requireAsset(trx, tenantId, id);
    const before = await loadView(trx, tenantId, row);
    if (
      !(await updateAssetRow(
        trx,
        tenantId,
        id,
        { legal_hold: input.hold ? 1 : 0, updated_at: iso(deps.clock.now()) },
        Number(row.version),
      ))
    ) {
      throw staleVersion(Number(row.version) + 1);
    }
    const after = await loadView(trx, tenantId, await requireAsset(trx, tenantId, id));
    await recordAudit(
      trx,
      {
        ...auditFrom(ctx, {
          action: input.hold ? 'asset.legal_hold_set' : 'asset.legal_hold_released',
          target: { type: 'asset', id },
          before,
          after,
        }),
        reason: input.reason,
      },
      deps.clock,
    );
    return after;
  });
  await afterCommit(deps.db, () => publishChange(deps.bus, tenantId, id, 'updated'));
  return view;
}
