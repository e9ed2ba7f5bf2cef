// The approval step, as a signal plus a timeout: each level is a request row (the signal is a decision
// that updates it and wakes the step) and a timer job at its due time. Whichever of the two comes first
// wins by a conditional update, so a decision racing the timeout is counted once.
import { createHash } from 'node:crypto';
import { errors, type Role } from '@steward/domain';
import { fromJson, iso, toJson } from '../../../platform/db/index.js';
import type { Assignee, Step } from '../definition.schemas.js';
import { emailInstance, evaluate, render, sendEmail, type StepEnv } from './act.js';
import { durationMs } from './duration.js';
import type { StepRow } from './run.repo.js';
import type { StepOutcome } from './steps.js';

type ApprovalStep = Extract<Step, { type: 'approval' }>;

/** Who a request is for, resolved when it is opened. */
export type AssigneeRef =
  | { type: 'person'; personId: string; name: string; via: 'person' | 'manager' }
  | { type: 'role'; role: Role; fallback?: string };

interface Waiting {
  approvalId: string;
  level: number;
  escalated: boolean;
}

/** The same request always gets the same id: a step retried after opening it finds the row it made. */
export function approvalId(runId: string, path: string, level: number, escalated: boolean): string {
  const h = createHash('sha256').update(`${runId}\n${path}\n${level}\n${escalated ? 1 : 0}`);
  return `apr_${h.digest('base64url').slice(0, 24)}`;
}

async function personBy(env: StepEnv, ref: string) {
  return env.deps.db
    .selectFrom('people')
    .select(['id', 'name', 'email', 'manager_id'])
    .where('tenant_id', '=', env.ctx.principal.tenantId)
    .where((eb) => (ref.includes('@') ? eb('email', '=', ref.toLowerCase()) : eb('id', '=', ref)))
    .executeTakeFirst();
}

export async function resolveAssignee(env: StepEnv, assignee: Assignee, field: string): Promise<AssigneeRef> {
  if (assignee.type === 'role') return { type: 'role', role: assignee.role };
  if (assignee.type === 'person') {
    const ref = await evaluate(assignee.person, env.scope, `${field}.person`);
    const person = typeof ref === 'string' ? await personBy(env, ref) : undefined;
    if (!person)
      throw errors.validation(`The approver ${String(ref)} is not a person in Steward.`, [
        { path: `${field}.person`, reason: 'no such person' },
      ]);
    return { type: 'person', personId: person.id, name: person.name, via: 'person' };
  }
  const of = await evaluate(assignee.of ?? 'subject.id', env.scope, `${field}.of`);
  const person = typeof of === 'string' ? await personBy(env, of) : undefined;
  const manager = person?.manager_id ? await personBy(env, person.manager_id) : undefined;
  // Nobody to ask is not a reason to act unasked, nor to drop the request: the admins decide.
  if (!manager)
    return {
      type: 'role',
      role: 'admin',
      fallback: person ? `${person.name} has no manager in Steward` : `${String(of)} is not a person`,
    };
  return { type: 'person', personId: manager.id, name: manager.name, via: 'manager' };
}

/** The users who may decide a request: the person's own login, or everyone with the role. */
export async function deciders(
  env: Pick<StepEnv, 'deps'>,
  tenantId: string,
  ref: AssigneeRef,
): Promise<Array<{ id: string; email: string }>> {
  let q = env.deps.db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.email'])
    .where('memberships.tenant_id', '=', tenantId)
    .where('users.disabled_at', 'is', null);
  if (ref.type === 'role') {
    const roles: Role[] = ref.role === 'operator' ? ['operator', 'admin', 'owner'] : ['admin', 'owner'];
    q = q.where('memberships.role', 'in', roles);
  } else {
    const person = await env.deps.db
      .selectFrom('people')
      .select('email')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', ref.personId)
      .executeTakeFirst();
    if (!person?.email) return [];
    q = q.where('users.email', '=', person.email.toLowerCase());
  }
  return q.execute();
}

async function notify(env: StepEnv, step: ApprovalStep, id: string, ref: AssigneeRef, title: string) {
  if (!step.notify) return;
  const instance = await emailInstance(env, step.notify.instance, 'notify.instance');
  let to = (await deciders(env, env.ctx.principal.tenantId, ref)).map((u) => u.email);
  if (ref.type === 'person' && to.length === 0) {
    // A person without a login still gets the links: they are the approval.
    const person = await personBy(env, ref.personId);
    to = person?.email ? [person.email] : [];
  }
  if (to.length === 0) return;
  const link = async (decision: 'approve' | 'reject') =>
    `${env.deps.publicUrl()}/approve/${await env.deps.approvalLinks.sign(`${id}:${decision}`)}`;
  const text = [
    title,
    '',
    `Approve: ${await link('approve')}`,
    `Reject:  ${await link('reject')}`,
    '',
    'Or decide in Steward under Approvals.',
  ].join('\n');
  await sendEmail(env, instance, { to, subject: `Approval needed: ${title}`, text }, `:${id}`);
}

/** Opens the request of one level (or its escalation) and waits for its decision or its due time. */
export async function openRequest(
  env: StepEnv,
  step: ApprovalStep,
  level: number,
  escalated: boolean,
): Promise<StepOutcome> {
  const spec = step.levels[level]!;
  const ref = escalated
    ? await resolveAssignee(env, step.escalateTo ?? { type: 'role', role: 'admin' }, 'escalateTo')
    : await resolveAssignee(env, spec.assignee, `levels.${level}.assignee`);
  const title = await render(step.title, env.scope, 'title');
  const id = approvalId(env.scope.run.id, env.path, level, escalated);
  const now = env.deps.clock.now();
  const due = new Date(now.getTime() + durationMs(spec.timeout));
  await env.deps.db
    .insertInto('workflow_approvals')
    .values({
      id,
      tenant_id: env.ctx.principal.tenantId,
      run_id: env.scope.run.id,
      workflow_id: env.scope.run.workflowId,
      path: env.path,
      level,
      escalated: escalated ? 1 : 0,
      title: title.slice(0, 500),
      assignee: toJson(ref),
      status: 'pending',
      due_at: iso(due),
      decided_at: null,
      decided_by: null,
      comment: null,
      subject_id: typeof env.scope.subject?.id === 'string' ? env.scope.subject.id : null,
      created_at: iso(now),
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const row = await env.deps.db
    .selectFrom('workflow_approvals')
    .select('due_at')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  await notify(env, step, id, ref, title);
  const waiting: Waiting = { approvalId: id, level, escalated };
  return { type: 'wait', until: new Date(row.due_at), output: waiting };
}

const decided = (step: ApprovalStep, decision: string, extra: Record<string, unknown>): StepOutcome => ({
  type: 'done',
  output: { decision, ...extra },
  next: decision === 'approved' ? step.approved : step.rejected,
});

/**
 * Called when the step wakes (a decision, or the due time): the next level, the end, an escalation, or
 * null when the request is still open and not yet due.
 */
export async function progress(env: StepEnv, step: ApprovalStep, row: StepRow): Promise<StepOutcome | null> {
  const waiting = fromJson<Waiting>(row.output);
  if (!waiting) return openRequest(env, step, 0, false);
  const request = await env.deps.db
    .selectFrom('workflow_approvals')
    .selectAll()
    .where('id', '=', waiting.approvalId)
    .executeTakeFirstOrThrow();
  const by = { level: waiting.level, decidedBy: request.decided_by, comment: request.comment };
  switch (request.status) {
    case 'rejected':
      return decided(step, 'rejected', by);
    case 'approved':
      return waiting.level + 1 < step.levels.length
        ? openRequest(env, step, waiting.level + 1, false)
        : decided(step, 'approved', by);
    case 'expired':
      return decided(step, 'expired', { level: waiting.level });
    case 'escalated':
      return openRequest(env, step, waiting.level, true);
    case 'pending':
      break;
    default:
      return null;
  }
  const now = env.deps.clock.now();
  if (new Date(request.due_at) > now) return null;
  const escalate = step.onTimeout === 'escalate' && !waiting.escalated;
  // Conditional: a decision committed since our read wins, and the re-read below goes by it.
  await env.deps.db
    .updateTable('workflow_approvals')
    .set({ status: escalate ? 'escalated' : 'expired', decided_at: iso(now) })
    .where('id', '=', request.id)
    .where('status', '=', 'pending')
    .execute();
  return progress(env, step, row);
}
