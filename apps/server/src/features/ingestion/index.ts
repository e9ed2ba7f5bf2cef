export { registerIngestionRoutes } from './ingestion.routes.js';
export { ingestObservations, type IngestDeps, type IngestResult } from './ingest.js';
export { ensureManualSource, createSource } from './sources.service.js';
