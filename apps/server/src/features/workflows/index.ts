export { registerWorkflowRoutes } from './workflows.routes.js';
export { checkDefinition } from './definition.check.js';
export type { WorkflowDefinition, Step, Trigger } from './definition.schemas.js';
export { STEP_JOB } from './engine/run.repo.js';
export { stepHandler } from './engine/step.job.js';
export { startWorkflowRun } from './runs.service.js';
export { nudgeTriggerScans, TRIGGER_SCAN_JOB, triggerScanHandler } from './engine/trigger.scan.js';
