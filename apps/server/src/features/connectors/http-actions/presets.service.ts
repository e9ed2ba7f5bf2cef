import type { Selectable } from 'kysely';
import { errors } from '@steward/domain';
import { authorize, type RequestContext } from '../../../platform/auth/index.js';
import { iso, isUniqueViolation, toJson, type ActionPresetsTable } from '../../../platform/db/index.js';
import { newId } from '../../../platform/ids/index.js';
import { auditFrom, recordAudit } from '../../audit/index.js';
import type { ConnectorDeps } from '../deps.js';
import { compileDefinition } from './definition.compile.js';
import { httpActionDefinitionSchema } from './definition.schemas.js';
import { inputJsonSchema } from './inputs.js';
import { BUILT_IN_PRESETS, type PresetSpec } from './presets.builtin.js';
import type { PresetInput, PresetView } from './presets.schemas.js';

type PresetRow = Selectable<ActionPresetsTable>;

function specOf(row: PresetRow): PresetSpec & { createdAt: string; updatedAt: string } {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    connectorId: row.connector_id,
    targetKind: row.target_kind === 'asset' || row.target_kind === 'person' ? row.target_kind : null,
    destructive: row.destructive === 1,
    definition: httpActionDefinitionSchema.parse(JSON.parse(row.definition)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function viewOf(
  deps: Pick<ConnectorDeps, 'catalog'>,
  spec: PresetSpec & { createdAt?: string; updatedAt?: string },
  builtIn: boolean,
): PresetView {
  return {
    id: spec.id,
    name: spec.name,
    description: spec.description,
    connectorId: spec.connectorId,
    connectorTitle: deps.catalog.get(spec.connectorId)?.title ?? spec.connectorId,
    targetKind: spec.targetKind,
    destructive: spec.destructive,
    builtIn,
    inputSchema: inputJsonSchema(spec.definition.inputs),
    definition: spec.definition,
    createdAt: spec.createdAt ?? null,
    updatedAt: spec.updatedAt ?? null,
  };
}

/** Built-in presets whose connector this installation runs. */
function builtIns(deps: Pick<ConnectorDeps, 'catalog'>): PresetSpec[] {
  return BUILT_IN_PRESETS.filter((p) => deps.catalog.get(p.connectorId));
}

/** A preset by id, built-in or the tenant's own, for running it. */
export async function findPreset(
  deps: ConnectorDeps,
  tenantId: string,
  id: string,
): Promise<PresetSpec & { builtIn: boolean }> {
  const builtIn = builtIns(deps).find((p) => p.id === id);
  if (builtIn) return { ...builtIn, builtIn: true };
  const row = await deps.db
    .selectFrom('action_presets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw errors.notFound(`Action preset ${id}`);
  return { ...specOf(row), builtIn: false };
}

/** Built-in and saved presets whose name, description or connector contain every word of `q`. */
export async function listPresets(
  deps: ConnectorDeps,
  ctx: RequestContext,
  filter: { q?: string; connectorId?: string },
): Promise<PresetView[]> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const rows = await deps.db
    .selectFrom('action_presets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .execute();
  const all = [
    ...builtIns(deps).map((p) => viewOf(deps, p, true)),
    ...rows.map((r) => viewOf(deps, specOf(r), false)),
  ];
  const words = (filter.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return all
    .filter((p) => !filter.connectorId || p.connectorId === filter.connectorId)
    .filter((p) => {
      const text = [p.name, p.description, p.connectorId, p.connectorTitle].join(' ').toLowerCase();
      return words.every((w) => text.includes(w));
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function getPreset(deps: ConnectorDeps, ctx: RequestContext, id: string): Promise<PresetView> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const found = await findPreset(deps, tenantId, id);
  return viewOf(deps, found, found.builtIn);
}

function checkInput(deps: ConnectorDeps, input: PresetInput): void {
  deps.catalog.require(input.connectorId, 'body.connectorId');
  compileDefinition(input.definition, 'body.definition');
}

function nameTaken(name: string) {
  return errors.conflict(`There is already a preset named "${name}".`, [
    { path: 'body.name', reason: 'already used' },
  ]);
}

async function requireOwn(deps: ConnectorDeps, tenantId: string, id: string): Promise<PresetRow> {
  if (builtIns(deps).some((p) => p.id === id))
    throw errors.conflict('Built-in presets cannot be changed; save a copy under a new name.', [
      { path: 'params.id', reason: 'built-in' },
    ]);
  const row = await deps.db
    .selectFrom('action_presets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw errors.notFound(`Action preset ${id}`);
  return row;
}

function columns(input: PresetInput) {
  return {
    name: input.name,
    name_key: input.name.toLowerCase(),
    description: input.description,
    connector_id: input.connectorId,
    target_kind: input.targetKind,
    destructive: input.destructive ? 1 : 0,
    definition: toJson(input.definition),
  };
}

export async function createPreset(
  deps: ConnectorDeps,
  ctx: RequestContext,
  input: PresetInput,
): Promise<PresetView> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  checkInput(deps, input);
  const now = iso(deps.clock.now());
  const row: PresetRow = {
    id: newId(),
    tenant_id: tenantId,
    ...columns(input),
    created_by: toJson(ctx.principal.actor),
    created_at: now,
    updated_at: now,
  };
  try {
    await deps.db.insertInto('action_presets').values(row).execute();
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(input.name);
    throw e;
  }
  const view = viewOf(deps, specOf(row), false);
  await recordAudit(
    deps.db,
    auditFrom(ctx, {
      action: 'action_preset.created',
      target: { type: 'action_preset', id: row.id },
      after: view,
    }),
    deps.clock,
  );
  return view;
}

export async function replacePreset(
  deps: ConnectorDeps,
  ctx: RequestContext,
  id: string,
  input: PresetInput,
): Promise<PresetView> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  const before = await requireOwn(deps, tenantId, id);
  checkInput(deps, input);
  const after: PresetRow = { ...before, ...columns(input), updated_at: iso(deps.clock.now()) };
  try {
    await deps.db
      .updateTable('action_presets')
      .set({ ...columns(input), updated_at: after.updated_at })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(input.name);
    throw e;
  }
  const view = viewOf(deps, specOf(after), false);
  await recordAudit(
    deps.db,
    auditFrom(ctx, {
      action: 'action_preset.updated',
      target: { type: 'action_preset', id },
      before: viewOf(deps, specOf(before), false),
      after: view,
    }),
    deps.clock,
  );
  return view;
}

export async function deletePreset(deps: ConnectorDeps, ctx: RequestContext, id: string): Promise<void> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  const before = await requireOwn(deps, tenantId, id);
  await deps.db.deleteFrom('action_presets').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  await recordAudit(
    deps.db,
    auditFrom(ctx, {
      action: 'action_preset.deleted',
      target: { type: 'action_preset', id },
      before: viewOf(deps, specOf(before), false),
    }),
    deps.clock,
  );
}
