export { registerWorkflowRoutes } from './workflows.routes.js';
export { checkDefinition } from './definition.check.js';
export type { WorkflowDefinition, Step, Trigger } from './definition.schemas.js';
