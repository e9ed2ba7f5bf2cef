// The approvals inbox and decisions. A decision is the signal: it updates the pending request (only a
// pending one, so it races the timeout fairly) and wakes the waiting step in the same transaction.
import { errors, roleAtLeast, type Actor } from '@steward/domain';
import type { Selectable } from 'kysely';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import { fromJson, inTransaction, iso, type WorkflowApprovalsTable } from '../../platform/db/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import { storedDefinition } from './definition.check.js';
import type { WorkflowDeps } from './deps.js';
import type { AssigneeRef } from './engine/approvals.js';
import { stepAt } from './engine/paths.js';
import { enqueueStep } from './engine/run.repo.js';
import type { ApprovalView, DecisionInput } from './approvals.schemas.js';

type ApprovalRow = Selectable<WorkflowApprovalsTable>;
type Deps = Pick<WorkflowDeps, 'db' | 'clock' | 'queue' | 'wake' | 'approvalLinks'>;

/** The caller's e-mail, when the caller is a signed-in user: it is how a person assignee is recognised. */
async function callerEmail(deps: Deps, actor: Actor): Promise<string | null> {
  if (actor.type !== 'user') return null;
  const user = await deps.db
    .selectFrom('users')
    .select('email')
    .where('id', '=', actor.id)
    .executeTakeFirst();
  return user?.email.toLowerCase() ?? null;
}

function mayDecide(ctx: RequestContext, email: string | null, ref: AssigneeRef, personEmail: string | null) {
  if (roleAtLeast(ctx.principal.role, 'admin')) return true;
  if (ref.type === 'role') return roleAtLeast(ctx.principal.role, ref.role);
  return email !== null && email === personEmail;
}

async function views(deps: Deps, ctx: RequestContext, rows: ApprovalRow[]): Promise<ApprovalView[]> {
  if (rows.length === 0) return [];
  const tenantId = ctx.principal.tenantId;
  const refs = rows.map((r) => fromJson<AssigneeRef>(r.assignee)!);
  const personIds = refs.flatMap((r) => (r.type === 'person' ? [r.personId] : []));
  const subjectIds = rows.flatMap((r) => (r.subject_id ? [r.subject_id] : []));
  const runIds = [...new Set(rows.map((r) => r.run_id))];
  const [people, assets, runs, email] = await Promise.all([
    deps.db
      .selectFrom('people')
      .select(['id', 'name', 'email'])
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', [...personIds, ...subjectIds, ''])
      .execute(),
    deps.db
      .selectFrom('assets')
      .select(['id', 'name', 'serial_number'])
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', [...subjectIds, ''])
      .execute(),
    deps.db
      .selectFrom('workflow_runs')
      .innerJoin('workflows', 'workflows.id', 'workflow_runs.workflow_id')
      .innerJoin('workflow_versions', (j) =>
        j
          .onRef('workflow_versions.workflow_id', '=', 'workflow_runs.workflow_id')
          .onRef('workflow_versions.version', '=', 'workflow_runs.version'),
      )
      .select(['workflow_runs.id', 'workflows.name', 'workflow_versions.definition'])
      .where('workflow_runs.id', 'in', runIds)
      .execute(),
    callerEmail(deps, ctx.principal.actor),
  ]);
  const person = new Map(people.map((p) => [p.id, p]));
  const asset = new Map(assets.map((a) => [a.id, a]));
  const run = new Map(runs.map((r) => [r.id, { name: r.name, definition: storedDefinition(r.definition) }]));
  return rows.map((r, i) => {
    const ref = refs[i]!;
    const owner = run.get(r.run_id);
    const step = owner ? stepAt(owner.definition, r.path) : undefined;
    const assigned = ref.type === 'person' ? person.get(ref.personId) : undefined;
    const subjectPerson = r.subject_id ? person.get(r.subject_id) : undefined;
    const subjectAsset = r.subject_id ? asset.get(r.subject_id) : undefined;
    return {
      id: r.id,
      runId: r.run_id,
      workflowId: r.workflow_id,
      workflowName: owner?.name ?? '',
      stepPath: r.path,
      title: r.title,
      level: r.level,
      levels: step?.type === 'approval' ? step.levels.length : 1,
      escalated: r.escalated === 1,
      assignee:
        ref.type === 'person'
          ? { type: 'person', personId: ref.personId, name: assigned?.name ?? ref.name, via: ref.via }
          : { type: 'role', role: ref.role, ...(ref.fallback ? { fallback: ref.fallback } : {}) },
      status: r.status as ApprovalView['status'],
      dueAt: r.due_at,
      decidedAt: r.decided_at,
      decidedBy: r.decided_by,
      comment: r.comment,
      subject: subjectAsset
        ? { kind: 'asset', id: subjectAsset.id, name: subjectAsset.name ?? subjectAsset.serial_number ?? '' }
        : subjectPerson
          ? { kind: 'person', id: subjectPerson.id, name: subjectPerson.name }
          : null,
      createdAt: r.created_at,
      canDecide: r.status === 'pending' && mayDecide(ctx, email, ref, assigned?.email?.toLowerCase() ?? null),
    };
  });
}

export async function listApprovals(
  deps: Deps,
  ctx: RequestContext,
  q: { status: 'pending' | 'decided' | 'all'; mine: boolean; limit: number },
): Promise<ApprovalView[]> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  let query = deps.db.selectFrom('workflow_approvals').selectAll().where('tenant_id', '=', tenantId);
  if (q.status === 'pending') query = query.where('status', '=', 'pending');
  if (q.status === 'decided') query = query.where('status', '!=', 'pending');
  const rows = await query.orderBy('created_at', 'desc').orderBy('id').limit(q.limit).execute();
  const all = await views(deps, ctx, rows);
  return q.mine ? all.filter((a) => a.canDecide) : all;
}

async function requireApproval(deps: Deps, tenantId: string, id: string): Promise<ApprovalRow> {
  const row = await deps.db
    .selectFrom('workflow_approvals')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw errors.notFound(`Approval ${id}`);
  return row;
}

/** Records the decision on a pending request and wakes its step. */
async function record(
  deps: Deps,
  ctx: RequestContext,
  row: ApprovalRow,
  input: DecisionInput,
  decidedBy: string,
): Promise<void> {
  if (row.status !== 'pending') throw errors.conflict(`This request is already ${row.status}.`);
  const status = input.decision === 'approve' ? 'approved' : 'rejected';
  await inTransaction(deps.db, async (trx) => {
    const done = await trx
      .updateTable('workflow_approvals')
      .set({
        status,
        decided_at: iso(deps.clock.now()),
        decided_by: decidedBy,
        comment: input.comment ?? null,
      })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0)
      throw errors.conflict('This request was decided or timed out just now.');
    await enqueueStep(deps, trx, { id: row.run_id, tenant_id: row.tenant_id }, row.path, {
      suffix: `:decided:${row.id}`,
      wake: true,
    });
    await recordAudit(
      trx,
      auditFrom(ctx, {
        action: `workflow.approval.${status}`,
        target: { type: 'workflow_run', id: row.run_id },
        after: { approvalId: row.id, level: row.level, comment: input.comment ?? null },
      }),
      deps.clock,
    );
  });
  deps.wake?.();
}

export async function decideApproval(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: DecisionInput,
): Promise<ApprovalView> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const row = await requireApproval(deps, tenantId, id);
  const [before] = await views(deps, ctx, [row]);
  if (row.status === 'pending' && !before!.canDecide)
    throw errors.forbidden('This request is assigned to someone else.');
  await record(deps, ctx, row, input, ctx.principal.actor.id);
  const [after] = await views(deps, ctx, [await requireApproval(deps, tenantId, id)]);
  return after!;
}

/** The request and decision a signed link stands for; any other token is one answer, 404. */
async function fromLink(deps: Deps, token: string) {
  const signed = await deps.approvalLinks.verify(token);
  const m = signed ? /^(apr_[\w-]+):(approve|reject)$/.exec(signed) : null;
  const row = m
    ? await deps.db.selectFrom('workflow_approvals').selectAll().where('id', '=', m[1]!).executeTakeFirst()
    : undefined;
  if (!m || !row) throw errors.notFound('Approval link');
  return { row, decision: m[2] as 'approve' | 'reject' };
}

function linkContext(row: ApprovalRow): RequestContext {
  const ref = fromJson<AssigneeRef>(row.assignee)!;
  const actor: Actor =
    ref.type === 'person'
      ? { type: 'person', id: ref.personId, name: ref.name }
      : { type: 'system', id: 'approval-link', name: `approval link (${ref.role})` };
  return { principal: { tenantId: row.tenant_id, role: 'viewer', actor, via: 'system' }, requestId: null };
}

export async function describeApprovalLink(deps: Deps, token: string) {
  const { row, decision } = await fromLink(deps, token);
  const [v] = await views(deps, linkContext(row), [row]);
  return {
    title: v!.title,
    workflowName: v!.workflowName,
    decision,
    status: v!.status,
    dueAt: v!.dueAt,
    subject: v!.subject,
  };
}

/** A decision through a signed link: the link itself is the approver's authority, for this request only. */
export async function decideByLink(deps: Deps, token: string, comment: string | undefined): Promise<void> {
  const { row, decision } = await fromLink(deps, token);
  const ctx = linkContext(row);
  await record(deps, ctx, row, { decision, comment }, `link:${ctx.principal.actor.id}`);
}
