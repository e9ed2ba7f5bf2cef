export * from './app.js';
export * from './context.js';
export * from './error-handler.js';
export * from './metrics.js';
export * from './web.js';
