export { AgentsPage } from './AgentsPage.js';
export { AgentPanel } from './AgentPanel.js';
