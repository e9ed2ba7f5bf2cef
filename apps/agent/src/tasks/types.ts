import type { Inventory, TaskParameters, TaskType } from '@steward/protocol';
import type { AgentConfig } from '../config.js';
import type { InventoryCollector } from '../inventory/collect.js';
import type { Logger } from '../log.js';
import type { PlatformAdapter } from '../platform/adapter.js';

export type TaskOutcome =
  { status: 'succeeded'; result: unknown } | { status: 'failed'; error: string; result?: unknown };

export interface TaskContext {
  config: AgentConfig;
  /** Undefined on a platform with no command table. */
  adapter: PlatformAdapter | undefined;
  collectInventory: InventoryCollector;
  /** Queue a full inventory report (durably) besides the task's own result. */
  reportInventory(inventory: Inventory): Promise<void>;
  progress(message: string, percent?: number): void;
  /** Aborted when the agent stops. */
  signal: AbortSignal;
  log: Logger;
}

export type TaskExecutor<T extends TaskType> = (
  parameters: TaskParameters<T>,
  context: TaskContext,
) => Promise<TaskOutcome>;
