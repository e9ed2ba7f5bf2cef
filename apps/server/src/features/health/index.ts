export { registerHealthRoutes, type HealthDeps } from './health.routes.js';
