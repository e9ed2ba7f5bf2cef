export { ConnectorsPage } from './ConnectorsPage.js';
export { CatalogPage } from './CatalogPage.js';
export { NewInstancePage } from './NewInstancePage.js';
export { InstancePage } from './InstancePage.js';
export { EditInstancePage } from './EditInstancePage.js';
export { ConnectorActionsCard } from './ConnectorActionsCard.js';
