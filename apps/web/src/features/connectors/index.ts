export { ConnectorsPage } from './ConnectorsPage.js';
export { CatalogPage } from './CatalogPage.js';
export { NewInstancePage } from './NewInstancePage.js';
export { InstancePage } from './InstancePage.js';
export { EditInstancePage } from './EditInstancePage.js';
export { ConnectorActionsCard, EntityActionsCard } from './ConnectorActionsCard.js';
// Reused by the action presets feature: the JSON-Schema form, the instances and catalog, error placement.
export { SchemaFields } from './SchemaFields.js';
export { buildValue, errorsByField, fieldsOf, initialValues } from './schemaForm.js';
export type { FormValue, FormValues, SchemaField } from './schemaForm.js';
export { connectorKeys, useCatalog, useInstances } from './connectors.api.js';
export { FormErrorAlert } from './FormErrorAlert.js';
export { newIdempotencyKey } from './idempotency.js';
export type { CatalogEntry, EntityActions, EntityKind, Instance, JsonSchema } from './connectors.types.js';
