export { registerIngestionRoutes } from './ingestion.routes.js';
export { ingestObservations, type IngestDeps, type IngestResult } from './ingest.js';
export { createSource } from './sources.service.js';
export { observeKnownEntities } from './known.js';
export { RERECONCILE_JOB, rereconcileHandler } from './rereconcile.js';
export { startSync, completeSync, failSync } from './syncs.js';
