export {
  recordAudit,
  recordAuditEvents,
  auditFrom,
  entityTimeline,
  type AuditInput,
} from './audit.service.js';
export { auditPageSchema } from './audit.schemas.js';
export { registerAuditRoutes } from './audit.routes.js';
export { diff, type Changes } from './diff.js';
export { registerTimelineRoute } from './timeline.routes.js';
