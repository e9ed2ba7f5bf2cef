export { installAuthentication } from './authenticate.js';
export { registerAuthRoutes } from './auth.routes.js';
export { SESSION_COOKIE } from './sessions.js';
export type { AuthDeps } from './auth.service.js';
