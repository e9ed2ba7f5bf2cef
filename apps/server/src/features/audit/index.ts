export { recordAudit, auditFrom, type AuditInput } from './audit.service.js';
export { registerAuditRoutes } from './audit.routes.js';
export { diff, type Changes } from './diff.js';
