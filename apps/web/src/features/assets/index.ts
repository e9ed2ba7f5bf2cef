export { AssetsPage } from './list/AssetsPage.js';
export { AssetPage } from './detail/AssetPage.js';
export { AssetLink } from './detail/AssetLink.js';
export { MoreFilters } from './list/MoreFilters.js';
export { FilterPills } from './list/FilterPills.js';
export { useAssetCounts } from './api/assets.api.js';
export { useCustomFields } from './api/customFields.api.js';
