export const WORKFLOWS_PATH = '/workflows';
export const APPROVALS_PATH = '/approvals';

const enc = encodeURIComponent;
export const workflowPath = (id: string, tab?: 'editor' | 'text' | 'runs') =>
  `${WORKFLOWS_PATH}/${enc(id)}${tab ? `?tab=${tab}` : ''}`;
export const runPath = (id: string) => `${WORKFLOWS_PATH}/runs/${enc(id)}`;
