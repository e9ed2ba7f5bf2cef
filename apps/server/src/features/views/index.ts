export { registerViewRoutes } from './views.js';
