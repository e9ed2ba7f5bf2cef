export { WorkflowsPage } from './WorkflowsPage.js';
export { WorkflowPage } from './WorkflowPage.js';
export { RunPage } from './RunPage.js';
export { ApprovalsPage } from './ApprovalsPage.js';
export { ApproveLinkPage } from './ApproveLinkPage.js';
