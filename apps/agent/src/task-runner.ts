import { message, type Task, type TaskResult } from '@steward/protocol';
import type { Logger } from './log.js';
import type { TaskJournal } from './task-journal.js';
import type { TaskOutcome } from './tasks/types.js';

export interface TaskRunnerOptions {
  journal: TaskJournal;
  execute(task: Task): Promise<TaskOutcome>;
  /** Queue a result durably and send it when connected. */
  deliver(result: TaskResult): Promise<void>;
  ack(taskId: string): void;
  now: () => number;
  log: Logger;
}

/** Takes tasks from the server exactly once: the journal's `started` record is written before a task runs,
 * so a task delivered again (after a reconnect or a restart) gets its stored result, not a second run. */
export class TaskRunner {
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly options: TaskRunnerOptions) {}

  running(): string[] {
    return [...this.inFlight.keys()];
  }

  /** Resolves when every task taken so far has finished. */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.inFlight.values()]);
  }

  take(task: Task): Promise<void> {
    const existing = this.inFlight.get(task.id);
    // Claimed synchronously, so a task delivered twice in quick succession is taken once.
    if (existing) {
      this.options.ack(task.id);
      return existing;
    }
    const work = this.process(task).finally(() => this.inFlight.delete(task.id));
    this.inFlight.set(task.id, work);
    return work;
  }

  private async process(task: Task): Promise<void> {
    const { journal, log } = this.options;
    const record = await journal.get(task.id);
    if (record?.state === 'finished') {
      log.info('task already done; re-sending its result', { taskId: task.id });
      this.options.ack(task.id);
      await this.options.deliver(record.result);
      return;
    }
    if (record?.state === 'started') {
      // It was running when the agent last stopped; running it again could do it twice.
      const result = this.result(task.id, {
        status: 'failed',
        error: 'the agent stopped while this task was running; it was not run again',
      });
      await journal.markFinished(task.id, task.type, result);
      this.options.ack(task.id);
      await this.options.deliver(result);
      return;
    }
    await journal.markStarted(task.id, task.type, new Date(this.options.now()));
    this.options.ack(task.id);
    log.info('task started', { taskId: task.id, type: task.type });
    const outcome = await this.options.execute(task);
    const result = this.result(task.id, outcome);
    await journal.markFinished(task.id, task.type, result);
    log.info('task finished', { taskId: task.id, type: task.type, status: result.status });
    await this.options.deliver(result);
  }

  private result(taskId: string, outcome: TaskOutcome): TaskResult {
    const finishedAt = new Date(this.options.now()).toISOString();
    return outcome.status === 'succeeded'
      ? message<TaskResult>({
          type: 'task.result',
          taskId,
          status: 'succeeded',
          finishedAt,
          result: outcome.result,
        })
      : message<TaskResult>({
          type: 'task.result',
          taskId,
          status: 'failed',
          finishedAt,
          error: outcome.error,
          ...(outcome.result !== undefined ? { result: outcome.result } : {}),
        });
  }
}
