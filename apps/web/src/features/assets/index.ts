export { AssetsPage } from './list/AssetsPage.js';
export { AssetPage } from './detail/AssetPage.js';
export { useAssetCounts } from './api/assets.api.js';
