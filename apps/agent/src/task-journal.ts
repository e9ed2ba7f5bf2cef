import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { taskResultSchema, type TaskResult } from '@steward/protocol';
import { idToFileName, isTempFile, writeFileAtomic } from './fs-atomic.js';

const recordSchema = z.discriminatedUnion('state', [
  z.object({ taskId: z.string(), type: z.string(), state: z.literal('started'), startedAt: z.string() }),
  z.object({
    taskId: z.string(),
    type: z.string(),
    state: z.literal('finished'),
    startedAt: z.string(),
    result: taskResultSchema,
  }),
]);
export type JournalRecord = z.infer<typeof recordSchema>;

/** Which tasks this agent has already taken, on disk, so a task the server delivers again (after a reconnect
 * or an agent restart) is never run a second time: its stored result is sent instead. The `started` record is
 * written before the task runs. */
export class TaskJournal {
  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<TaskJournal> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    for (const name of await readdir(dir))
      if (isTempFile(name)) await rm(path.join(dir, name), { force: true });
    return new TaskJournal(dir);
  }

  async get(taskId: string): Promise<JournalRecord | undefined> {
    try {
      const parsed = recordSchema.safeParse(JSON.parse(await readFile(this.file(taskId), 'utf8')));
      return parsed.success ? parsed.data : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async markStarted(taskId: string, type: string, startedAt = new Date()): Promise<void> {
    const record: JournalRecord = { taskId, type, state: 'started', startedAt: startedAt.toISOString() };
    await writeFileAtomic(this.file(taskId), JSON.stringify(record));
  }

  async markFinished(taskId: string, type: string, result: TaskResult, startedAt?: string): Promise<void> {
    const previous = await this.get(taskId);
    const record: JournalRecord = {
      taskId,
      type,
      state: 'finished',
      startedAt: startedAt ?? previous?.startedAt ?? result.finishedAt,
      result,
    };
    await writeFileAtomic(this.file(taskId), JSON.stringify(record));
  }

  /** Forget finished tasks older than `maxAgeMs` (by file time); by then their deadlines have long passed. */
  async prune(maxAgeMs: number, now = Date.now()): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.dir)) {
      if (isTempFile(name)) continue;
      const file = path.join(this.dir, name);
      try {
        if (now - (await stat(file)).mtimeMs > maxAgeMs) {
          await rm(file, { force: true });
          removed += 1;
        }
      } catch {
        // Gone already.
      }
    }
    return removed;
  }

  private file(taskId: string): string {
    return path.join(this.dir, idToFileName(taskId));
  }
}
