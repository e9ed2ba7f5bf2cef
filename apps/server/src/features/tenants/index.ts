export { ensureTenant, currentTenant, tenantSchema, type Tenant } from './tenants.service.js';
export { findTenantBySlug, findTenantById } from './tenants.repo.js';
export { registerTenantRoutes } from './tenants.routes.js';
