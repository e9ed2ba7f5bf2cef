export { registerConnectorRoutes } from './connectors.routes.js';
export { ConnectorCatalog, type AnyConnector, type CatalogEntry } from './catalog.js';
export type { ConnectorDeps } from './deps.js';
export { SYNC_JOB, queueRun, startRun } from './runs.service.js';
export { syncHandler } from './sync.job.js';
export { SCHEDULED_SYNC_JOB, scheduledSyncHandler } from './schedule.job.js';
export { createInstance, updateInstance } from './instances.service.js';
export { BUILT_IN_CONNECTORS } from './builtin.js';
export { SIMULATORS } from './simulators.js';
export {
  registerHttpActionRoutes,
  runPreset,
  runInline,
  BUILT_IN_PRESETS,
  type RunOptions,
  type PresetSpec,
} from './http-actions/index.js';
export {
  httpActionDefinitionSchema,
  inputFieldSchema,
  type HttpActionDefinition,
  type InputField,
} from './http-actions/definition.schemas.js';
export { compileDefinition as checkHttpActionDefinition } from './http-actions/definition.compile.js';
export { executeAction } from './actions.service.js';
