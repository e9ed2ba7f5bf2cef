export { useLocations, useLocationNames, useCreateLocation } from './locations.api.js';
export { LocationSelect } from './LocationSelect.js';
