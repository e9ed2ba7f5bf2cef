export { SettingsLayout } from './SettingsLayout.js';
export { UsersPage } from './users/UsersPage.js';
export { RolesPage } from './roles/RolesPage.js';
export { TokensPage } from './tokens/TokensPage.js';
export { AuditPage } from './audit/AuditPage.js';
export { CustomFieldsPage } from './customFields/CustomFieldsPage.js';
