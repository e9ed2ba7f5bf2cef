import type { Kysely } from 'kysely';
import {
  assetKindSchema,
  errors,
  isStewardError,
  type AssetKind,
  type CustomFieldValue,
} from '@steward/domain';
import { inTransaction } from '../../platform/db/index.js';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import type { DB } from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import {
  createAsset,
  createAssetSchema,
  queryAssets,
  updateAsset,
  updateAssetSchema,
  type AssetDeps,
  type AssetView,
  type CreateAssetInput,
} from '../assets/index.js';
import { customFieldsByKey } from '../custom-fields/index.js';
import type { ImportError, ImportMode, ImportOutcome, ImportReport, MatchOn } from './asset-csv.schemas.js';
import {
  parseMapping,
  resolveColumns,
  targetName,
  type Column,
  type CustomFieldDef,
} from './asset-import.columns.js';
import { attributeValue, customValue, issueReason, splitTags } from './asset-import.values.js';
import { parseCsv, unguardFormula, type CsvRecord } from './csv.js';

export interface ImportDeps extends AssetDeps {
  /** Where an unexpected write failure is logged (the request's logger). */
  log?: { error: (obj: object, msg: string) => void };
}

export interface ImportInput {
  /** The whole CSV text, header row first. */
  csv: string;
  kind?: AssetKind | undefined;
  /** The mapping query parameter as sent (JSON). */
  mapping?: string | undefined;
  mode: ImportMode;
  matchOn?: MatchOn | undefined;
}

type UpdateInput = Parameters<typeof updateAsset>[3];

/** A row that passed validation, ready for the assets service. */
type Planned =
  | { line: number; op: 'create'; input: CreateAssetInput }
  | { line: number; op: 'update'; id: string; input: UpdateInput };

/** A row's cells read into API values, with what could not be read. */
interface Draft {
  line: number;
  problems: ImportError[];
  kindCell?: string;
  attributes: Record<string, unknown>;
  tags?: string[];
  custom: Record<string, CustomFieldValue>;
}

const LOOKUP_CHUNK = 500;
const MATCH_LABEL: Record<MatchOn, string> = { assetTag: 'asset tag', serialNumber: 'serial number' };

/** The value a match or uniqueness check compares: as the assets feature stores it. */
function normalised(key: MatchOn, value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  return key === 'serialNumber' ? value.trim().toUpperCase() : value.trim();
}

async function inChunks<T>(values: string[], run: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  const unique = [...new Set(values)];
  for (let i = 0; i < unique.length; i += LOOKUP_CHUNK)
    out.push(...(await run(unique.slice(i, i + LOOKUP_CHUNK))));
  return out;
}

/** A canonical attribute of an asset view. */
function valueOf(asset: AssetView, key: string): unknown {
  return (asset as Record<string, unknown>)[key];
}

/** The tenant's assets whose assetTag or serialNumber is one of the values, as full views. */
async function assetsWhere(
  db: Kysely<DB>,
  tenantId: string,
  field: MatchOn,
  values: string[],
): Promise<AssetView[]> {
  return inChunks(values, async (chunk) => {
    const out: AssetView[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: AssetView[]; nextCursor: string | null } = await queryAssets(db, tenantId, {
        filters: [{ field, op: 'in', value: chunk }],
        sort: { field: 'id', direction: 'asc' },
        limit: 1000,
        count: false,
        ...(cursor ? { cursor } : {}),
      });
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  });
}

/** Whether writing the update would change nothing the asset already has. */
function changesNothing(current: AssetView, input: Record<string, unknown>): boolean {
  for (const [key, value] of Object.entries(input)) {
    if (key === 'version') continue;
    if (key === 'tags') {
      const next = [...new Set(value as string[])].sort();
      const now = [...(current.tags ?? [])].sort();
      if (next.length !== now.length || next.some((t, i) => t !== now[i])) return false;
    } else if (key === 'custom') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>))
        if ((current.custom?.[k] ?? null) !== v) return false;
    } else {
      const next = key === 'serialNumber' ? normalised('serialNumber', value) : value;
      if (valueOf(current, key) !== next) return false;
    }
  }
  return true;
}

function readRow(record: CsvRecord, width: number, columns: Column[]): Draft {
  const draft: Draft = { line: record.line, problems: [], attributes: {}, custom: {} };
  if (record.cells.length !== width) {
    draft.problems.push({
      line: record.line,
      column: null,
      reason: `has ${record.cells.length} cells; the header has ${width}`,
    });
    return draft;
  }
  for (const c of columns) {
    const cell = unguardFormula(record.cells[c.index] ?? '').trim();
    // A blank cell sets nothing: a new asset leaves the attribute empty, an update leaves it as it is.
    if (cell === '') continue;
    const problem = (reason: string) => draft.problems.push({ line: record.line, column: c.header, reason });
    const t = c.target;
    if (t.type === 'kind') draft.kindCell = cell;
    else if (t.type === 'tags') draft.tags = splitTags(cell);
    else if (t.type === 'attribute') {
      const v = attributeValue(t.def, cell);
      if (v.ok) draft.attributes[t.def.key] = v.value;
      else problem(v.reason);
    } else if (t.type === 'custom') {
      const v = customValue(t.field, cell);
      if (v.ok) draft.custom[t.field.key] = v.value as CustomFieldValue;
      else problem(v.reason);
    }
  }
  return draft;
}

/**
 * Import assets from CSV. Every row is read and validated first, by the rules the API applies (the
 * assets feature's input schemas, custom field rules, asset tags unique within the file and against the
 * tenant, person references), and every problem is reported with its line and column.
 *
 * - dryRun writes nothing.
 * - commit writes nothing unless every row is valid; then it writes them all.
 * - commitValid writes the valid rows and reports the others.
 *
 * A blank cell sets nothing (an update leaves that value as it is). With matchOn, a row whose asset tag
 * or serial number names an asset updates it; a blank or unknown one creates an asset. A row that would
 * change nothing (re-importing an export) is counted as unchanged and not written: no version bump, no
 * audit event.
 *
 * Writes go through createAsset/updateAsset, so each asset is audited, counted and indexed for search
 * exactly as an API write is. commit runs them all in one transaction: a write that fails after
 * validation (another user took an asset tag or edited a matched asset meanwhile) rolls the whole import
 * back and reports outcome interrupted with the failing line. commitValid writes row by row and reports
 * the rows it could not write. Matched assets are updated at the version read during validation, so a
 * concurrent edit is refused rather than overwritten.
 */
export async function importAssetsCsv(
  deps: ImportDeps,
  ctx: RequestContext,
  input: ImportInput,
): Promise<ImportReport> {
  const { tenantId } = authorize(ctx.principal, 'operator');
  const records = parseCsv(input.csv);
  const header = records[0];
  if (!header) throw errors.validation('The file is empty.', [{ path: 'body', reason: 'no header row' }]);
  const rows = records.slice(1);

  const customFields = new Map<string, CustomFieldDef>(
    [...(await customFieldsByKey(deps.db, tenantId, 'asset')).values()].map((f) => [f.key, f]),
  );
  const columns = resolveColumns(header.cells, parseMapping(input.mapping), customFields);
  const headerOf = new Map(
    columns.filter((c) => c.target.type !== 'ignore').map((c) => [targetName(c.target), c.header]),
  );
  const matchOn = input.matchOn;
  // Without matchOn every row creates an asset, which needs its kind; with it, rows say per row.
  if (!input.kind && !headerOf.has('kind') && !matchOn) {
    throw errors.validation('Say which kind of asset the rows are.', [
      { path: 'query.kind', reason: 'give kind=device or kind=accessory, or a kind column' },
    ]);
  }
  if (matchOn && !headerOf.has(matchOn)) {
    throw errors.validation(`The file has no ${matchOn} column to match on.`, [
      { path: 'query.matchOn', reason: `no column is read as ${matchOn}` },
    ]);
  }

  const drafts = rows.map((r) => readRow(r, header.cells.length, columns));

  // Everything the checks need from the database, read in a few batched queries rather than per row.
  const matchKeys = matchOn
    ? drafts.map((d) => normalised(matchOn, d.attributes[matchOn])).filter((k): k is string => !!k)
    : [];
  const existing = new Map<string, AssetView[]>();
  if (matchOn) {
    for (const a of await assetsWhere(deps.db, tenantId, matchOn, matchKeys)) {
      const key = normalised(matchOn, valueOf(a, matchOn))!;
      existing.set(key, [...(existing.get(key) ?? []), a]);
    }
  }
  const tagOwners = new Map<string, string[]>();
  const tags = drafts
    .map((d) => normalised('assetTag', d.attributes.assetTag))
    .filter((t): t is string => !!t);
  for (const a of await inChunks(tags, (chunk) =>
    deps.db
      .selectFrom('assets')
      .select(['id', 'asset_tag'])
      .where('tenant_id', '=', tenantId)
      .where('asset_tag', 'in', chunk)
      .execute(),
  )) {
    tagOwners.set(a.asset_tag!, [...(tagOwners.get(a.asset_tag!) ?? []), a.id]);
  }
  const personFields = [...customFields.values()].filter((f) => f.type === 'person').map((f) => f.key);
  const personRefs = drafts.flatMap((d) =>
    personFields.map((k) => d.custom[k]).filter((v): v is string => typeof v === 'string'),
  );
  const people = new Set(
    (
      await inChunks(personRefs, (chunk) =>
        deps.db
          .selectFrom('people')
          .select('id')
          .where('tenant_id', '=', tenantId)
          .where('id', 'in', chunk)
          .execute(),
      )
    ).map((p) => p.id),
  );

  const planned: Planned[] = [];
  const problems: ImportError[] = [];
  const lineOfKey = new Map<string, number>();
  const lineOfTag = new Map<string, number>();
  let invalidRows = 0;
  let unchanged = 0;

  for (const d of drafts) {
    const bad = d.problems;
    const problem = (column: string | null, reason: string) => bad.push({ line: d.line, column, reason });
    if (bad.some((p) => p.column === null)) {
      // The row's cells could not be lined up with the header: nothing else in it can be trusted.
      problems.push(...bad);
      invalidRows++;
      continue;
    }

    // Kind: from the row's kind column, else the kind of the import.
    let kind: AssetKind | undefined = input.kind;
    if (d.kindCell !== undefined) {
      const k = assetKindSchema.safeParse(d.kindCell.toLowerCase());
      if (!k.success)
        problem(
          headerOf.get('kind')!,
          `${JSON.stringify(d.kindCell)} is not allowed: use device or accessory`,
        );
      else if (input.kind && k.data !== input.kind)
        problem(headerOf.get('kind')!, `is ${k.data}, but the import is for ${input.kind}`);
      else kind = k.data;
    }

    // Create, or update the asset the match column names.
    let target: AssetView | undefined;
    const key = matchOn ? normalised(matchOn, d.attributes[matchOn]) : undefined;
    if (matchOn && key) {
      const matches = existing.get(key) ?? [];
      const earlier = lineOfKey.get(key);
      if (earlier !== undefined)
        problem(headerOf.get(matchOn)!, `${MATCH_LABEL[matchOn]} ${key} is also on line ${earlier}`);
      else lineOfKey.set(key, d.line);
      if (matches.length > 1) {
        problem(
          headerOf.get(matchOn)!,
          `${matches.length} assets have ${MATCH_LABEL[matchOn]} ${key}: cannot tell which to update`,
        );
        problems.push(...bad);
        invalidRows++;
        continue;
      }
      target = matches[0];
    }
    // A new asset needs its kind; an update keeps the kind it has.
    if (!kind && !target) problem(null, 'has no kind: fill the kind column or give kind= for the import');

    // Custom values: required fields on create, person references.
    for (const k of personFields) {
      const ref = d.custom[k];
      if (typeof ref === 'string' && !people.has(ref)) problem(headerOf.get(k) ?? null, 'no such person');
    }
    if (!target) {
      for (const f of customFields.values()) {
        if (f.required && (d.custom[f.key] === undefined || d.custom[f.key] === null)) {
          const column = headerOf.get(f.key) ?? null;
          if (!bad.some((p) => p.column === column && column !== null))
            problem(column, `${f.key} is required`);
        }
      }
    }

    // Asset tags: unique in the tenant and in the file.
    const tag = normalised('assetTag', d.attributes.assetTag);
    if (tag) {
      if ((tagOwners.get(tag) ?? []).some((id) => id !== target?.id))
        problem(headerOf.get('assetTag')!, `asset tag ${tag} is already used by another asset`);
      if (matchOn !== 'assetTag') {
        const earlier = lineOfTag.get(tag);
        if (earlier !== undefined)
          problem(headerOf.get('assetTag')!, `asset tag ${tag} is also on line ${earlier}`);
        else lineOfTag.set(tag, d.line);
      }
    }

    // The attributes and tags, through the assets feature's own input schemas.
    const custom = Object.keys(d.custom).length ? { custom: d.custom } : {};
    const schemaProblem = (issue: Parameters<typeof issueReason>[0], candidate: Record<string, unknown>) => {
      const [field, index] = issue.path;
      const name = String(field ?? '');
      const value = name === 'tags' && typeof index === 'number' ? d.tags?.[index] : candidate[name];
      problem(headerOf.get(name) ?? null, issueReason(issue, value));
    };
    if (target) {
      const { lifecycleState, ...attributes } = d.attributes;
      if (lifecycleState !== undefined && lifecycleState !== valueOf(target, 'lifecycleState'))
        problem(
          headerOf.get('lifecycleState')!,
          `the asset is ${String(valueOf(target, 'lifecycleState'))}: lifecycle changes go through a transition, not an import`,
        );
      if (kind && kind !== target.kind)
        problem(
          headerOf.get('kind') ?? null,
          `the matched asset is ${target.kind === 'accessory' ? 'an accessory' : 'a device'}`,
        );
      const candidate = {
        ...attributes,
        ...(d.tags ? { tags: d.tags } : {}),
        version: Number(target.version),
      };
      const parsed = updateAssetSchema.safeParse(candidate);
      if (!parsed.success) for (const i of parsed.error.issues) schemaProblem(i, candidate);
      else if (!bad.length) {
        const update = { ...parsed.data, ...custom };
        // A row that repeats what the asset already has (re-importing an export, say) writes nothing.
        if (changesNothing(target, update)) unchanged++;
        else planned.push({ line: d.line, op: 'update', id: target.id, input: update });
      }
    } else if (kind) {
      const candidate = { kind, ...d.attributes, ...(d.tags ? { tags: d.tags } : {}) };
      const parsed = createAssetSchema.safeParse(candidate);
      if (!parsed.success) for (const i of parsed.error.issues) schemaProblem(i, candidate);
      else if (!bad.length)
        planned.push({ line: d.line, op: 'create', input: { ...parsed.data, ...custom } });
    }

    if (bad.length) {
      problems.push(...bad);
      invalidRows++;
    }
  }

  const order = new Map(columns.map((c) => [c.header, c.index]));
  const report = {
    mode: input.mode,
    dryRun: input.mode === 'dryRun',
    totalRows: rows.length,
    validRows: rows.length - invalidRows,
    invalidRows,
    unchanged,
  };
  if (input.mode === 'dryRun' || (input.mode === 'commit' && invalidRows > 0)) {
    return {
      ...report,
      outcome: input.mode === 'dryRun' ? 'dry_run' : 'refused',
      created: 0,
      updated: 0,
      columns: columns.map((c) => ({ header: c.header, target: targetName(c.target) })),
      errors: sortErrors(problems, order),
    };
  }

  const summary = (outcome: ImportOutcome, created: number, updated: number) =>
    auditFrom(ctx, {
      action: 'asset.import',
      target: { type: 'asset_import', id: newId() },
      after: {
        ...report,
        outcome,
        created,
        updated,
        kind: input.kind ?? null,
        matchOn: matchOn ?? null,
        errors: problems.length,
      },
    });
  // An import is a person editing many assets at once: the `manual` source, as one edit would be. (The
  // `import` source type is for systems that feed files through the observations API.)
  const write = (d: ImportDeps, p: Planned) =>
    p.op === 'create' ? createAsset(d, ctx, p.input) : updateAsset(d, ctx, p.id, p.input);

  let created = 0;
  let updated = 0;
  let outcome: ImportOutcome = 'written';
  if (input.mode === 'commit') {
    // All or nothing: every write, and the summary event, in one transaction.
    let failing: Planned | undefined;
    try {
      await inTransaction(deps.db, async (trx) => {
        const inTrx = { ...deps, db: trx };
        for (const p of planned) {
          failing = p;
          await write(inTrx, p);
          if (p.op === 'create') created++;
          else updated++;
        }
        await recordAudit(trx, summary('written', created, updated), deps.clock);
      });
    } catch (e) {
      if (!isStewardError(e))
        deps.log?.error({ err: e, line: failing?.line }, 'asset import: a write failed');
      const why = isStewardError(e) ? e.message : 'the database refused the write';
      problems.push({
        line: failing?.line ?? 0,
        column: null,
        reason: `could not be written: ${why} The import was rolled back; nothing was written.`,
      });
      outcome = 'interrupted';
      created = 0;
      updated = 0;
    }
  } else {
    for (const p of planned) {
      try {
        await write(deps, p);
        if (p.op === 'create') created++;
        else updated++;
      } catch (e) {
        if (!isStewardError(e)) deps.log?.error({ err: e, line: p.line }, 'asset import: a write failed');
        const why = isStewardError(e) ? e.message : 'the database refused the write';
        problems.push({ line: p.line, column: null, reason: `could not be written: ${why}` });
      }
    }
    await recordAudit(deps.db, summary(outcome, created, updated), deps.clock);
  }
  return {
    ...report,
    outcome,
    created,
    updated,
    columns: columns.map((c) => ({ header: c.header, target: targetName(c.target) })),
    errors: sortErrors(problems, order),
  };
}

function sortErrors(list: ImportError[], order: Map<string, number>): ImportError[] {
  const pos = (e: ImportError) => (e.column === null ? -1 : (order.get(e.column) ?? -1));
  return [...list].sort((a, b) => a.line - b.line || pos(a) - pos(b));
}
