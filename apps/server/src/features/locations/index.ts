export { registerLocationRoutes, createLocation, listLocations, type Location } from './locations.js';
