import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import {
  customFieldDefinitionSchema,
  errors,
  validateCustomValue,
  type CustomFieldType,
  type CustomFieldValue,
  type ErrorDetail,
} from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import { fromJson, iso, toJson, type Clock, type DB } from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import {
  deleteField,
  findField,
  insertField,
  listFields,
  readValues,
  writeValue,
  type FieldRow,
} from './custom-fields.repo.js';

type Db = Kysely<DB> | Transaction<DB>;

export const CUSTOM_FIELD_ENTITY_TYPES = ['asset', 'person'] as const;
export type CustomFieldEntityType = (typeof CUSTOM_FIELD_ENTITY_TYPES)[number];

export const customFieldSchema = z
  .object({
    id: z.string(),
    entityType: z.enum(CUSTOM_FIELD_ENTITY_TYPES),
    key: z.string(),
    label: z.string(),
    type: z.enum(['text', 'number', 'date', 'boolean', 'enum', 'person']),
    values: z.array(z.string()).nullable(),
    required: z.boolean(),
    description: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'CustomField' });
export type CustomField = z.infer<typeof customFieldSchema>;

export const createCustomFieldSchema = customFieldDefinitionSchema.and(
  z.object({ entityType: z.enum(CUSTOM_FIELD_ENTITY_TYPES).default('asset') }),
);

function toField(row: FieldRow): CustomField {
  return {
    id: row.id,
    entityType: row.entity_type as CustomFieldEntityType,
    key: row.key,
    label: row.label,
    type: row.type as CustomFieldType,
    values: fromJson<string[]>(row.enum_values),
    required: Number(row.required) === 1,
    description: row.description,
    createdAt: row.created_at,
  };
}

export interface FieldDeps {
  db: Kysely<DB>;
  clock: Clock;
}

export async function listCustomFields(
  deps: FieldDeps,
  ctx: RequestContext,
  entityType: CustomFieldEntityType,
) {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  return (await listFields(deps.db, tenantId, entityType)).map(toField);
}

export async function createCustomField(
  deps: FieldDeps,
  ctx: RequestContext,
  input: z.infer<typeof createCustomFieldSchema>,
) {
  const { tenantId } = authorize(ctx.principal, 'admin');
  const existing = await listFields(deps.db, tenantId, input.entityType);
  if (existing.some((f) => f.key === input.key)) {
    throw errors.conflict(`A custom field ${input.key} already exists.`, [
      { path: 'body.key', reason: 'already exists' },
    ]);
  }
  const row: FieldRow = {
    id: newId(),
    tenant_id: tenantId,
    entity_type: input.entityType,
    key: input.key,
    label: input.label,
    type: input.type,
    enum_values: input.values ? toJson(input.values) : null,
    required: input.required ? 1 : 0,
    description: input.description ?? null,
    created_at: iso(deps.clock.now()),
  };
  const field = toField(row);
  await deps.db.transaction().execute(async (trx) => {
    await insertField(trx, row);
    await recordAudit(
      trx,
      auditFrom(ctx, {
        action: 'custom_field.created',
        target: { type: 'custom_field', id: row.id },
        after: field,
      }),
      deps.clock,
    );
  });
  return field;
}

export async function deleteCustomField(deps: FieldDeps, ctx: RequestContext, id: string): Promise<void> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  await deps.db.transaction().execute(async (trx) => {
    const row = await findField(trx, tenantId, id);
    if (!row) throw errors.notFound('Custom field');
    await deleteField(trx, tenantId, row);
    await recordAudit(
      trx,
      auditFrom(ctx, {
        action: 'custom_field.deleted',
        target: { type: 'custom_field', id },
        before: toField(row),
      }),
      deps.clock,
    );
  });
}

export type CustomValues = Record<string, CustomFieldValue>;

/**
 * Validate custom values against the tenant's definitions: unknown keys, wrong types, enum values,
 * missing required fields (on create) and person references that do not exist are all reported at once.
 */
export async function validateCustomValues(
  db: Db,
  tenantId: string,
  entityType: CustomFieldEntityType,
  values: Record<string, unknown>,
  options: { path: string; creating: boolean },
): Promise<CustomValues> {
  const fields = await listFields(db, tenantId, entityType);
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const problems: ErrorDetail[] = [];
  const out: CustomValues = {};
  for (const [key, raw] of Object.entries(values)) {
    const f = byKey.get(key);
    if (!f) {
      problems.push({ path: `${options.path}.${key}`, reason: 'no such custom field' });
      continue;
    }
    const r = validateCustomValue(
      {
        type: f.type as CustomFieldType,
        values: fromJson<string[]>(f.enum_values) ?? undefined,
        required: Number(f.required) === 1,
      },
      raw,
    );
    if (!r.ok) problems.push({ path: `${options.path}.${key}`, reason: r.reason });
    else out[key] = r.value;
  }
  if (options.creating) {
    for (const f of fields) {
      if (
        Number(f.required) === 1 &&
        (out[f.key] === undefined || out[f.key] === null) &&
        !problems.some((p) => p.path.endsWith(`.${f.key}`))
      ) {
        problems.push({ path: `${options.path}.${f.key}`, reason: 'is required' });
      }
    }
  }
  const personRefs = Object.entries(out).filter(
    ([k, v]) => byKey.get(k)?.type === 'person' && typeof v === 'string',
  );
  for (const [key, id] of personRefs) {
    const found = await db
      .selectFrom('people')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id as string)
      .executeTakeFirst();
    if (!found) problems.push({ path: `${options.path}.${key}`, reason: 'no such person' });
  }
  if (problems.length) throw errors.validation('Some custom field values are invalid.', problems);
  return out;
}

export async function writeCustomValues(
  db: Db,
  tenantId: string,
  entityId: string,
  values: CustomValues,
): Promise<void> {
  for (const [key, v] of Object.entries(values)) {
    const encoded =
      v === null
        ? null
        : typeof v === 'number'
          ? { text: null, number: v }
          : typeof v === 'boolean'
            ? { text: null, number: v ? 1 : 0 }
            : { text: v, number: null };
    await writeValue(db, tenantId, entityId, key, encoded);
  }
}

/** Custom values of many entities, typed back by their definitions. */
export async function customValuesOf(
  db: Db,
  tenantId: string,
  entityType: CustomFieldEntityType,
  ids: string[],
): Promise<Map<string, CustomValues>> {
  const out = new Map<string, CustomValues>(ids.map((id) => [id, {}]));
  if (ids.length === 0) return out;
  const fields = new Map((await listFields(db, tenantId, entityType)).map((f) => [f.key, f]));
  for (const r of await readValues(db, tenantId, ids)) {
    const f = fields.get(r.field_key);
    if (!f) continue;
    const value =
      f.type === 'number'
        ? Number(r.value_number)
        : f.type === 'boolean'
          ? Number(r.value_number) === 1
          : r.value_text;
    out.get(r.entity_id)![r.field_key] = value;
  }
  return out;
}

/** The definition behind a custom key, for filters. */
export async function customFieldsByKey(db: Db, tenantId: string, entityType: CustomFieldEntityType) {
  return new Map((await listFields(db, tenantId, entityType)).map((f) => [f.key, toField(f)]));
}
