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
