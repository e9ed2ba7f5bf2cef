import type { AgentFilter, AgentTask, TaskRequest, TaskStatus } from './agents.types.js';

/** Statuses of a task that has not finished: the pages showing it keep asking. */
export const UNFINISHED: readonly TaskStatus[] = ['queued', 'delivered', 'running'];

export const TASK_COLORS: Record<TaskStatus, string> = {
  queued: 'gray',
  delivered: 'blue',
  running: 'blue',
  succeeded: 'teal',
  failed: 'red',
  expired: 'orange',
  cancelled: 'gray',
};

export const isUnfinished = (status: string) => (UNFINISHED as readonly string[]).includes(status);

export const anyUnfinished = (tasks: readonly AgentTask[] | undefined) =>
  (tasks ?? []).some((t) => isUnfinished(t.status));

/** Whether any task of a request is still on its way (or no answer yet). */
export function requestActive(request: TaskRequest | undefined): boolean {
  if (!request) return true;
  return UNFINISHED.some((s) => (request.counts[s] ?? 0) > 0);
}

/**
 * One word for a request of one or more tasks: the least advanced status any of its tasks is in while some
 * are unfinished, else failed if any failed, else the most common final status.
 */
export function requestStatus(request: TaskRequest): TaskStatus | 'empty' {
  if (request.taskCount === 0) return 'empty';
  for (const s of UNFINISHED) if ((request.counts[s] ?? 0) > 0) return s;
  const finals: TaskStatus[] = ['failed', 'expired', 'cancelled', 'succeeded'];
  return finals.find((s) => (request.counts[s] ?? 0) > 0) ?? 'queued';
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function clip(text: string, max = 80): string {
  const line = text.trim().split('\n').pop() ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A task's result in a few words, for a table cell: what an inventory saw, a script's exit, logs collected. */
export function summarizeResult(task: Pick<AgentTask, 'type' | 'result'>): string {
  const r = task.result;
  if (r === null || r === undefined) return '';
  if (!isRecord(r)) return clip(JSON.stringify(r));
  const os = r.os;
  if (isRecord(os) && typeof os.name === 'string') {
    const n = Array.isArray(r.software) ? r.software.length : null;
    const software = n === null ? '' : `, ${n} package${n === 1 ? '' : 's'}`;
    return `${os.name} ${typeof os.version === 'string' ? os.version : ''}`.trim() + software;
  }
  if ('exitCode' in r) {
    const out = typeof r.stdout === 'string' && r.stdout.trim() ? `: ${clip(r.stdout, 60)}` : '';
    return `exit ${r.exitCode === null ? `signal ${String(r.signal)}` : String(r.exitCode)}${out}`;
  }
  if (Array.isArray(r.files)) return `${r.files.length} log file${r.files.length === 1 ? '' : 's'}`;
  if (Array.isArray(r.commands)) {
    const commands = r.commands.map((c: unknown) => (Array.isArray(c) ? c.join(' ') : String(c)));
    return `${r.dryRun === true ? 'would run' : 'ran'}: ${clip(commands.join('; '), 70)}`;
  }
  return clip(JSON.stringify(r));
}

/** The list query for a filter: offline means enrolled (not revoked) and not connected now. */
export function filterQuery(filter: AgentFilter): {
  online?: 'true' | 'false';
  status?: 'active' | 'revoked';
} {
  switch (filter) {
    case 'online':
      return { online: 'true' };
    case 'offline':
      return { online: 'false', status: 'active' };
    case 'revoked':
      return { status: 'revoked' };
    default:
      return {};
  }
}
