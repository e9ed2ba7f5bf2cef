// Date triggers ("warranty ends in 60 days"): a scan per workflow, daily and right after it is enabled or
// saved, for entities whose date falls in [today, today + daysBefore]. A run's trigger key is the entity,
// attribute and date (`date:<id>:<attribute>:<date>`, unique per workflow), so each entity fires once per
// date value, however many scans see it, and again when its date changes. "Today" is the UTC date.
import { sql, type Kysely } from 'kysely';
import { isStewardError } from '@steward/domain';
import { z } from 'zod';
import { systemContext } from '../../../platform/auth/index.js';
import { type DB } from '../../../platform/db/index.js';
import { compile } from '../../../platform/expressions/index.js';
import { withOnDead, type JobHandler } from '../../../platform/jobs/index.js';
import type { ConnectorDeps } from '../../connectors/index.js';
import { customFieldsByKey } from '../../custom-fields/index.js';
import type { Trigger } from '../definition.schemas.js';
import { startWorkflowRun } from '../runs.service.js';
import { loadEntity } from './context.js';
import { builtInDateColumn } from './trigger.check.js';
import { currentWorkflow } from './trigger.schedule.js';

export const DATE_SCAN_JOB = 'workflows.date-scan';
const DAY_MS = 86_400_000;
const PAGE = 500;

type DateTrigger = Extract<Trigger, { type: 'date_approaching' }>;
interface Candidate {
  id: string;
  value: string;
}

const payloadSchema = z.object({ tenantId: z.string(), workflowId: z.string() });
const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Queues a scan of the workflow: `now` (after an enable or save), or `daily` at the next UTC midnight. The
 * daily one's key is its date, so however many scans queue tomorrow's, there is one.
 */
export async function queueDateScan(
  deps: Pick<ConnectorDeps, 'queue' | 'clock'>,
  tenantId: string,
  workflowId: string,
  when: 'now' | 'daily',
): Promise<void> {
  const now = deps.clock.now();
  const at = when === 'now' ? now : new Date((Math.floor(now.getTime() / DAY_MS) + 1) * DAY_MS);
  await deps.queue.enqueue({
    type: DATE_SCAN_JOB,
    tenantId,
    runAt: at,
    payload: { tenantId, workflowId },
    idempotencyKey: `${DATE_SCAN_JOB}:${workflowId}:${when === 'now' ? at.toISOString() : day(at)}`,
    maxAttempts: 3,
  });
}

/** One page of entities whose date is in [from, until], in (date, id) order after `after`. */
async function candidates(
  db: Kysely<DB>,
  tenantId: string,
  trigger: DateTrigger,
  range: { from: string; until: string },
  after: Candidate | undefined,
): Promise<Candidate[]> {
  const table = sql.table(trigger.kind === 'asset' ? 'assets' : 'people');
  const column = builtInDateColumn(trigger.kind, trigger.attribute);
  if (column) {
    const ref = sql.ref(`e.${column}`);
    const page = after
      ? sql`and (${ref} > ${after.value} or (${ref} = ${after.value} and e.id > ${after.id}))`
      : sql``;
    const { rows } = await sql<Candidate>`
      select e.id as id, ${ref} as value from ${table} e
      where e.tenant_id = ${tenantId} and ${ref} >= ${range.from} and ${ref} <= ${range.until} ${page}
      order by ${ref}, e.id limit ${PAGE}`.execute(db);
    return rows;
  }
  const field = (await customFieldsByKey(db, tenantId, trigger.kind)).get(trigger.attribute);
  if (field?.type !== 'date') return [];
  const page = after
    ? sql`and (v.value_text > ${after.value} or (v.value_text = ${after.value} and v.entity_id > ${after.id}))`
    : sql``;
  // Joined with the entity's table: a custom value is about an asset or a person of this tenant.
  const { rows } = await sql<Candidate>`
    select v.entity_id as id, v.value_text as value from custom_field_values v
    join ${table} e on e.id = v.entity_id and e.tenant_id = v.tenant_id
    where v.tenant_id = ${tenantId} and v.field_key = ${trigger.attribute}
      and v.value_text >= ${range.from} and v.value_text <= ${range.until} ${page}
    order by v.value_text, v.entity_id limit ${PAGE}`.execute(db);
  return rows;
}

/** The trigger keys among `keys` this workflow has already started a run for. */
async function startedKeys(db: Kysely<DB>, workflowId: string, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('workflow_runs')
    .select('trigger_key')
    .where('workflow_id', '=', workflowId)
    .where('trigger_key', 'in', keys)
    .execute();
  return new Set(rows.map((r) => r.trigger_key ?? ''));
}

/** One scan of one workflow; `active` is false when it no longer has an enabled date trigger. */
export async function scanDates(
  deps: ConnectorDeps,
  tenantId: string,
  workflowId: string,
): Promise<{ active: boolean; matched: number; started: number }> {
  const workflow = await currentWorkflow(deps.db, tenantId, workflowId);
  const trigger = workflow?.definition.trigger;
  if (!workflow?.enabled || trigger?.type !== 'date_approaching')
    return { active: false, matched: 0, started: 0 };
  const today = deps.clock.now();
  const range = { from: day(today), until: day(new Date(today.getTime() + trigger.daysBefore * DAY_MS)) };
  const filter = trigger.filter ? compile(trigger.filter, 'trigger.filter') : undefined;
  const ctx = systemContext(tenantId, 'workflow date trigger');
  let matched = 0;
  let started = 0;
  for (let after: Candidate | undefined; ;) {
    const page = await candidates(deps.db, tenantId, trigger, range, after);
    matched += page.length;
    const keyOf = (c: Candidate) => `date:${c.id}:${trigger.attribute}:${c.value}`;
    // Entities already fired for this date are skipped before they are loaded: most of a daily scan.
    const done = await startedKeys(deps.db, workflowId, page.map(keyOf));
    for (const c of page.filter((p) => !done.has(keyOf(p)))) {
      const entity = await loadEntity(deps, ctx, c.id);
      if (!entity) continue;
      if (filter && (await filter.evaluate({ after: entity.view }).catch(() => false)) !== true) continue;
      try {
        await startWorkflowRun(
          deps,
          ctx,
          workflowId,
          { entityId: c.id, input: {} },
          {
            trigger: {
              type: 'date_approaching',
              attribute: trigger.attribute,
              date: c.value,
              daysBefore: trigger.daysBefore,
            },
            triggerKey: keyOf(c),
          },
        );
        started++;
      } catch (e) {
        // Started meanwhile by another scan, or the workflow cannot run: nothing to do.
        if (!(isStewardError(e) && e.status === 409)) throw e;
      }
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1];
  }
  return { active: true, matched, started };
}

/** Scans, then queues tomorrow's scan while the workflow still has an enabled date trigger. */
export function dateScanHandler(deps: ConnectorDeps): JobHandler {
  return withOnDead(
    async (job) => {
      const { tenantId, workflowId } = payloadSchema.parse(job.payload);
      const result = await scanDates(deps, tenantId, workflowId);
      if (result.active) await queueDateScan(deps, tenantId, workflowId, 'daily');
      return result;
    },
    // A scan that kept failing must not end the chain: tomorrow's tries again.
    async (job) => {
      const p = payloadSchema.safeParse(job.payload);
      if (p.success) await queueDateScan(deps, p.data.tenantId, p.data.workflowId, 'daily');
    },
  );
}
