export * from './store.js';
export * from './schema.js';
export * from './time.js';
export * from './json.js';
export * from './tx.js';
export * from './errors.js';
export * from './bulk.js';
