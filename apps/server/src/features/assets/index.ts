export { registerAssetRoutes, type AssetRouteDeps } from './assets.routes.js';
export { registerAcknowledgementRoutes } from './acknowledgements.routes.js';
export {
  createAsset,
  getAsset,
  updateAsset,
  transitionAsset,
  setLegalHold,
  assertNotOnHold,
  type AssetDeps,
} from './assets.service.js';
export { queryAssets } from './asset.page.js';
export {
  assetQuerySchema,
  assetListQuerystring,
  filterSchema,
  type AssetQuery,
  type Filter,
} from './asset.query.schemas.js';
export {
  assetSchema,
  createAssetSchema,
  updateAssetSchema,
  transitionSchema,
  type AssetView,
  type CreateAssetInput,
} from './asset.schemas.js';
export { assignAsset, unassignAsset } from './assignment.service.js';
export { queryFromQuerystring, type AssetQuerystring } from './asset.querystring.js';
export { writeObservedAssets, type ObservedAssetWrite, type AssetWriteResult } from './asset.observed.js';
export { detachAssetForMerge, restoreMergedAsset, type AssetSnapshot } from './asset.merge.js';
