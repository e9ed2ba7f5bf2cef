import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { agentMessageSchema, type InventoryReport, type TaskResult } from '@steward/protocol';
import { idToFileName, isTempFile, writeFileAtomic } from './fs-atomic.js';

export type OutboxMessage = TaskResult | InventoryReport;

const entrySchema = z.object({
  id: z.string(),
  queuedAt: z.number(),
  message: agentMessageSchema,
});

export interface OutboxEntry {
  /** The report id or task id the server's `received` will name. */
  id: string;
  queuedAt: number;
  message: OutboxMessage;
}

export function outboxId(message: OutboxMessage): string {
  return message.type === 'task.result' ? message.taskId : message.id;
}

/** Results and inventory reports waiting for the server's `received`: one JSON file per item, written
 * atomically, so they survive lost connections and agent restarts. */
export class Outbox {
  private constructor(
    private readonly dir: string,
    private readonly now: () => number,
  ) {}

  static async open(dir: string, now: () => number = Date.now): Promise<Outbox> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    for (const name of await readdir(dir))
      if (isTempFile(name)) await rm(path.join(dir, name), { force: true });
    return new Outbox(dir, now);
  }

  async add(message: OutboxMessage): Promise<OutboxEntry> {
    const entry: OutboxEntry = { id: outboxId(message), queuedAt: this.now(), message };
    // A newer full inventory supersedes every report still waiting, so an agent offline for a week does not
    // queue a week of inventories.
    if (message.type === 'inventory' && message.mode === 'full') {
      for (const old of await this.list()) if (old.message.type === 'inventory') await this.remove([old.id]);
    }
    await writeFileAtomic(this.file(entry.id), JSON.stringify(entry));
    return entry;
  }

  /** The server has these: forget them. Unknown ids are ignored. */
  async remove(ids: readonly string[]): Promise<string[]> {
    const removed: string[] = [];
    for (const id of ids) {
      try {
        await rm(this.file(id));
        removed.push(id);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return removed;
  }

  /** Everything waiting, oldest first. Unreadable files are skipped (and left for a person to look at). */
  async list(): Promise<OutboxEntry[]> {
    const entries: OutboxEntry[] = [];
    for (const name of await readdir(this.dir)) {
      if (isTempFile(name) || !name.endsWith('.json')) continue;
      try {
        const parsed = entrySchema.safeParse(JSON.parse(await readFile(path.join(this.dir, name), 'utf8')));
        if (
          parsed.success &&
          (parsed.data.message.type === 'task.result' || parsed.data.message.type === 'inventory')
        )
          entries.push({ id: parsed.data.id, queuedAt: parsed.data.queuedAt, message: parsed.data.message });
      } catch {
        // Removed between readdir and read, or corrupt: skip.
      }
    }
    return entries.sort((a, b) => a.queuedAt - b.queuedAt || a.id.localeCompare(b.id));
  }

  async size(): Promise<number> {
    return (await readdir(this.dir)).filter((n) => !isTempFile(n) && n.endsWith('.json')).length;
  }

  private file(id: string): string {
    return path.join(this.dir, idToFileName(id));
  }
}
