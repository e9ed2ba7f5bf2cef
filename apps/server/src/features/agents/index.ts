export {
  createAgentTask,
  finishAgentTask,
  getAgentTask,
  taskView,
  FINISHED_TASK_STATUSES,
  type AgentTaskDeps,
  type AgentTaskOutcome,
  type AgentTaskRow,
  type AgentTaskView,
} from './tasks.service.js';
export { expireHandler } from './tasks.expire.js';
export { AGENT_TASK_EXPIRE_JOB } from './tasks.service.js';
export { registerAgentRoutes } from './agents.routes.js';
export { registerAgentProtocolRoutes } from './protocol.routes.js';
export { Gateway } from './gateway/gateway.js';
export { attachAgentWebSockets } from './gateway/ws.upgrade.js';
export type { GatewaySettings } from './gateway/deps.js';
