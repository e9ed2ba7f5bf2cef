export { registerViewRoutes, viewQuery } from './views.js';
