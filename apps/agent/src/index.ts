export { createAgent, type Agent, type AgentOptions, type AgentStatus } from './agent.js';
export { enroll, rotateCredential, type EnrollOptions } from './enroll.js';
export {
  agentConfigSchema,
  parseConfig,
  loadConfig,
  writeConfig,
  resolveConfigPath,
  ConfigError,
  DEFAULT_CONFIG_PATH,
  DEFAULT_STATE_DIR,
  type AgentConfig,
  type AgentConfigInput,
} from './config.js';
export { Backoff, retryAfterDelay } from './connection/backoff.js';
export { WebSocketTransport } from './connection/ws-transport.js';
export { PollTransport } from './connection/poll-transport.js';
export type { Session, SessionEnd, Transport, TransportKind } from './connection/transport.js';
export { realTimers, type Timers } from './connection/timers.js';
export { collectInventory, collectRaw, type InventoryCollector } from './inventory/collect.js';
export { mapInventory } from './inventory/map.js';
export { inventoryDelta } from './inventory/delta.js';
export {
  DryRunAdapter,
  SystemAdapter,
  createPlatformAdapter,
  type PlatformAdapter,
} from './platform/adapter.js';
export { Outbox } from './outbox.js';
export { TaskJournal } from './task-journal.js';
export { createLogger, silentLogger, type Logger } from './log.js';
export { HttpError } from './http.js';
export { AGENT_VERSION } from './version.js';
