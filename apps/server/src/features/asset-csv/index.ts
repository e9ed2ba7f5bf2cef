export { registerAssetCsvRoutes, type AssetCsvRouteDeps, MAX_IMPORT_BYTES } from './asset-csv.routes.js';
export { exportAssetsCsv, EXPORT_PAGE_SIZE, type CsvExport } from './asset-export.service.js';
export { importAssetsCsv, type ImportInput } from './asset-import.service.js';
export { importReportSchema, type ImportReport } from './asset-csv.schemas.js';
