import type { AgentTaskOutcome } from '../tasks.service.js';
import type { Link } from './link.js';

/** What one task went through on this gateway since the last write. */
export type TaskEvent =
  | { kind: 'delivered'; taskId: string; agentId: string }
  | { kind: 'acknowledged'; taskId: string; agentId: string }
  | { kind: 'finished'; taskId: string; agentId: string; link: Link; outcome: AgentTaskOutcome };

/** The writes one flush makes: each task written once, in its furthest state. */
export interface TaskWritePlan {
  finished: Extract<TaskEvent, { kind: 'finished' }>[];
  acknowledged: { taskId: string; agentId: string }[];
  delivered: { taskId: string; agentId: string }[];
}

export interface TaskWriter {
  write(plan: TaskWritePlan): Promise<void>;
  onError(error: unknown): void;
}

const RANK = { delivered: 0, acknowledged: 1, finished: 2 } as const;

/**
 * A task pushed, acknowledged and finished moves through three states; written as they happen that is three
 * updates of the same row. Gathered here, a task whose acknowledgement or result arrives in time is written
 * once, in its furthest state. Acknowledgements and results are written after `delayMs` (agents wait for
 * `received`); a push alone waits up to `deliveredGraceMs` for its acknowledgement before it is written as
 * delivered. Writes run one at a time, in order. Pure bookkeeping: the writer does the I/O.
 */
export class TaskWrites {
  private pending = new Map<string, { event: TaskEvent; since: number }>();
  private timer: NodeJS.Timeout | undefined;
  private dueAt = Infinity;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly writer: TaskWriter,
    private readonly delayMs: number,
    private readonly deliveredGraceMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  add(event: TaskEvent): void {
    const held = this.pending.get(event.taskId);
    // The furthest state wins; of two results for one task, the first.
    if (held && RANK[held.event.kind] >= RANK[event.kind]) return;
    this.pending.set(event.taskId, { event, since: held?.since ?? this.now() });
    this.schedule(event.kind === 'delivered' ? this.deliveredGraceMs : this.delayMs);
  }

  /** Writes everything held now, pushes included, after the writes before it; resolves once written. */
  flush(): Promise<void> {
    return this.writeDue(true);
  }

  private schedule(inMs: number): void {
    const at = this.now() + inMs;
    if (at >= this.dueAt) return;
    clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = setTimeout(() => void this.writeDue(false), inMs);
  }

  private writeDue(everything: boolean): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.dueAt = Infinity;
    const plan: TaskWritePlan = { finished: [], acknowledged: [], delivered: [] };
    const now = this.now();
    let nextPush = Infinity;
    for (const [taskId, { event, since }] of this.pending) {
      if (event.kind === 'delivered' && !everything && now - since < this.deliveredGraceMs) {
        nextPush = Math.min(nextPush, since + this.deliveredGraceMs);
        continue;
      }
      this.pending.delete(taskId);
      if (event.kind === 'finished') plan.finished.push(event);
      else plan[event.kind].push({ taskId, agentId: event.agentId });
    }
    if (nextPush < Infinity) this.schedule(Math.max(0, nextPush - now));
    if (plan.finished.length + plan.acknowledged.length + plan.delivered.length === 0) return this.chain;
    this.chain = this.chain.then(() => this.writer.write(plan)).catch((e) => this.writer.onError(e));
    return this.chain;
  }
}
